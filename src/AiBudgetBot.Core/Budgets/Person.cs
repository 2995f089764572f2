namespace AiBudgetBot.Core.Budgets;

/// <summary>Someone the bot recognises in chat, with the roles that decide what they may do.</summary>
public sealed record Person(
    string Id,
    string DisplayName,
    string? Email,
    string? TeamsAadObjectId,
    string? SlackUserId,
    IReadOnlyList<string> Roles)
{
    public const string FinanceRole = "finance";
    public const string AdminRole = "admin";

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);
}
