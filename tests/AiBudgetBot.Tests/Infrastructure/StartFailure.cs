using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>
/// Remembers the error a host's start-time options validation (ValidateOnStart) threw, so
/// <see cref="BotFactory"/> can report it even when the host was disposed before
/// WebApplicationFactory got to read it (see <see cref="BotFactory"/>'s CreateHost).
/// </summary>
internal sealed class StartFailure
{
    private Exception? _error;

    public Exception? Error => Volatile.Read(ref _error);

    /// <summary>Wraps the host's <see cref="IStartupValidator"/> (one is registered by any ValidateOnStart).</summary>
    public void Watch(IServiceCollection services)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(IStartupValidator)) is not { } original)
        {
            return;
        }

        var create = original.ImplementationFactory
            ?? (original.ImplementationType is { } type ? sp => ActivatorUtilities.CreateInstance(sp, type) : _ => original.ImplementationInstance!);
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(IStartupValidator), sp => new Recording((IStartupValidator)create(sp), this), original.Lifetime));
    }

    private sealed class Recording(IStartupValidator inner, StartFailure failure) : IStartupValidator
    {
        public void Validate()
        {
            try
            {
                inner.Validate();
            }
            catch (Exception e)
            {
                // Recorded before the host sees the error, so before it disposes itself.
                Interlocked.CompareExchange(ref failure._error, e, null);
                throw;
            }
        }
    }
}
