using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Demo;
using AiBudgetBot.Http;
using AiBudgetBot.Organization;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Storage.Directory;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Playground;

/// <summary>
/// <c>/playground</c>: the page, its assets (the official Adaptive Cards renderer among them,
/// bundled at build time) and its API. Words and clicks go through the same
/// <see cref="IChatHandler"/> Teams and Slack call, as a directory person of the page's choosing.
/// </summary>
public static class PlaygroundApi
{
    public const string Path = "/playground";

    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var environment = app.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!PlaygroundExtensions.IsOn(app.ServiceProvider.GetRequiredService<IConfiguration>(), environment))
        {
            return app;
        }

        app.MapGet(Path, () => PlaygroundAssets.Serve("index.html")).ExcludeFromDescription();
        app.MapGet(Path + "/assets/{name}", (string name) => PlaygroundAssets.Serve(name)).ExcludeFromDescription();

        var api = app.MapGroup(Path + "/api").AddEndpointFilter(new PlaygroundAccessFilter(!environment.IsDevelopment()));
        api.MapGet("/setup", SetupAsync);
        api.MapPost("/say", SayAsync);
        api.MapPost("/act", ActAsync);
        api.MapGet("/feed", (long? after, PlaygroundFeed feed, PlaygroundRenderer renderer) =>
            Results.Ok(feed.After(after ?? 0).Select(e => new FeedItem(
                e.Sequence, e.At, e.Notification.Id, e.Notification.Kind, e.Notification.TeamId, e.TeamName, e.Notification.PoolId, renderer.Render(e.Notification.Message)))));
        api.MapPost("/jobs/{job}/run", async (string job, JobRunner runner, CancellationToken ct) =>
            await runner.RunAsync(job, slot: null, force: true, ct) is { } run
                ? Results.Ok(run)
                : Problems.NotFound($"No job '{job}' is scheduled in this deployment. Jobs: {string.Join(", ", runner.Known)}."));
        return app;
    }

    private static async Task<IResult> SetupAsync(DirectoryStore directory, JobRunner runner, IOptions<OrganizationOptions> organization, IOptions<DemoOptions> demo, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var people = snapshot.People
            .OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(p => new PlaygroundPerson(
                p.Id,
                p.DisplayName,
                p.Roles,
                [.. snapshot.Teams.Where(t => t.IsMember(p.Id)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(t => new PlaygroundMembership(t.Id, t.Name, t.IsOwner(p.Id) ? "owner" : "member"))],
                SenderFor(p)?.Platform))
            .ToList();
        return Results.Ok(new PlaygroundSetup(people, runner.Known, organization.Value.Currency, demo.Value.Simulate));
    }

    private static async Task<IResult> SayAsync(SayRequest request, DirectoryStore directory, IChatHandler chat, PlaygroundRenderer renderer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return Problems.BadRequest("Send the words to say in 'text', e.g. { \"as\": \"alice\", \"text\": \"budget\" }.");
        }

        var (sender, problem) = await SenderAsync(request.As, directory, cancellationToken);
        if (sender is null)
        {
            return problem!;
        }

        var message = await chat.HandleTextAsync(sender, request.Text.Trim(), cancellationToken);
        return Results.Ok(renderer.Render(message));
    }

    private static async Task<IResult> ActAsync(ActRequest request, DirectoryStore directory, IChatHandler chat, PlaygroundRenderer renderer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Verb) || request.SubjectId is null)
        {
            return Problems.BadRequest("Send the button's 'verb' and 'subjectId' as the card carries them, and 'as' (a person id).");
        }

        var (sender, problem) = await SenderAsync(request.As, directory, cancellationToken);
        if (sender is null)
        {
            return problem!;
        }

        var outcome = await chat.HandleActionAsync(sender, request.Verb, request.SubjectId, cancellationToken);
        // As in Teams: the updated card carries the clicker's note under its heading.
        return Results.Ok(new ActResponse(outcome.UpdatedCard is { } card ? renderer.Render(card, outcome.PrivateNote) : null, outcome.PrivateNote));
    }

    private static async Task<(ChatSender? Sender, IResult? Problem)> SenderAsync(string? personId, DirectoryStore directory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(personId))
        {
            return (null, Problems.BadRequest("Say who you are in 'as': a person id from GET /playground/api/setup."));
        }

        var snapshot = await directory.CurrentAsync(cancellationToken);
        if (snapshot.FindPerson(personId) is not { } person)
        {
            return (null, Problems.NotFound($"No person '{personId}' in the directory. Pick one from GET /playground/api/setup."));
        }

        return SenderFor(person) is { } sender
            ? (sender, null)
            : (null, Problems.BadRequest($"{person.DisplayName} has no Teams or Slack id, so the bot would not know them in chat either. Add teamsAadObjectId or slackUserId to their person record."));
    }

    /// <summary>
    /// The person as a Teams client (or, failing a Teams id, a Slack one) would present them in a
    /// 1:1 chat: the chat handler looks them up by that id exactly as it does for real messages.
    /// </summary>
    private static ChatSender? SenderFor(Person person)
    {
        if (!string.IsNullOrEmpty(person.TeamsAadObjectId))
        {
            return new ChatSender(ChatChannels.TeamsPlatform, person.TeamsAadObjectId, person.DisplayName, "playground:" + person.Id, IsPersonal: true);
        }

        return string.IsNullOrEmpty(person.SlackUserId)
            ? null
            : new ChatSender(ChatChannels.SlackPlatform, person.SlackUserId, person.DisplayName, "playground-" + person.Id, IsPersonal: true);
    }
}
