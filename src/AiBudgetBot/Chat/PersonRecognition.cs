using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Roster;
using AiBudgetBot.Storage.Directory;

namespace AiBudgetBot.Chat;

/// <summary>
/// Finds the person behind a sender: by the platform id the directory keeps, else (first
/// contact) by the email the platform gives, remembering the platform id on a match so the
/// next message needs no lookup.
/// </summary>
public sealed class PersonRecognition(IServiceProvider services, DirectoryStore directoryStore, PersonLinks links, ILogger<PersonRecognition> logger)
{
    public async Task<Recognition> RecognizeAsync(BudgetDirectory directory, ChatSender sender, CancellationToken cancellationToken)
    {
        if (ChatHandler.FindPerson(directory, sender) is { } known)
        {
            return new Recognition(known, LookupFailed: false);
        }

        // Resolved per lookup: the protocol clients are short-lived typed HTTP clients.
        if (services.GetServices<IPersonLookup>().FirstOrDefault(l => l.Platform == sender.Platform) is not { } lookup)
        {
            return Recognition.Unknown;
        }

        PlatformProfile profile;
        try
        {
            profile = await lookup.LookUpAsync(sender, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            profile = PlatformProfile.Failed(e.Message);
        }

        switch (profile.Status)
        {
            case LookupStatus.Failed:
                logger.LogWarning("Looking up {Platform} user {User} failed: {Detail}", sender.Platform, sender.PlatformUserId, profile.Detail);
                return new Recognition(null, LookupFailed: true);
            case LookupStatus.NotInOrganization:
                logger.LogInformation("{Platform} user {User} is not looked up: {Detail}", sender.Platform, sender.PlatformUserId, profile.Detail);
                return Recognition.Unknown;
        }

        // Someone added by email on another instance moments ago: read through before saying no.
        var current = await directoryStore.CurrentAsync(d => FindByEmail(d, profile.Email) is not null, cancellationToken);
        var match = FindByEmail(current, profile.Email);
        if (match is null || string.IsNullOrEmpty(profile.PlatformUserId))
        {
            return Recognition.Unknown;
        }

        var linked = await links.LinkAsync(match.Id, sender.Platform, profile.PlatformUserId, cancellationToken);
        return new Recognition(linked, LookupFailed: false);
    }

    /// <summary>Emails are matched case-insensitively; two people with one email match nobody (an admin must fix it).</summary>
    public static Person? FindByEmail(BudgetDirectory directory, string? email) => RosterPlanner.FindByEmail(directory, email);
}

/// <summary>The person found (or null), and whether that null means "ask again" rather than "stranger".</summary>
public sealed record Recognition(Person? Person, bool LookupFailed)
{
    public static readonly Recognition Unknown = new(null, false);
}
