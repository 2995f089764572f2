using AiBudgetBot.Http;

namespace AiBudgetBot.Playground;

/// <summary>
/// Outside Development the playground's API needs the admin key: whoever uses it can speak and
/// approve as anyone in the directory. In Development (a laptop, scripts/run.sh) it is open.
/// </summary>
public sealed class PlaygroundAccessFilter(bool requireAdminKey) : IEndpointFilter
{
    private readonly ApiKeyFilter _admin = new(ApiScope.Admin);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        requireAdminKey ? _admin.InvokeAsync(context, next) : next(context);
}
