namespace AiBudgetBot.Core.Budgets;

/// <summary>Ids of teams, pools, people and workflows: short, URL- and storage-key-safe.</summary>
public static class Identifier
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
