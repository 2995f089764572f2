namespace AiBudgetBot.Storage.Outbox;

/// <summary>
/// Outbox partitions that are not a pool-period: notifications whose cause is not a ledger
/// write (a request made, decided or expired) wait in <c>requests|{team}</c> of the ledger
/// table. Two parts, never three, so they cannot collide with <c>{team}|{pool}|{period}</c>.
/// </summary>
public static class OutboxPartitions
{
    public static string Requests(string teamId) => $"requests|{teamId.ToLowerInvariant()}";

    /// <summary>The organization's digests (finance's weekly digest): one partition, swept with the rest.</summary>
    public const string Digests = "digests|organization";

    /// <summary>Finance's reconciliation notices (drift between tracked and billed spend): one partition, swept with the rest.</summary>
    public const string Reconciliation = "reconciliation|organization";
}
