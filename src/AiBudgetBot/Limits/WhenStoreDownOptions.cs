using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Limits;

/// <summary><c>Limits:WhenStoreDown</c>: authorize's answer per pool when the store cannot decide (<c>open</c> or <c>closed</c>).</summary>
public sealed class WhenStoreDownOptions
{
    public StoreDownMode Pilot { get; set; } = StoreDownMode.Closed;

    public StoreDownMode Steady { get; set; } = StoreDownMode.Open;

    /// <summary>Sandbox pools, whatever their stage.</summary>
    public StoreDownMode Sandbox { get; set; } = StoreDownMode.Closed;

    public StoreDownPolicy Policy() => new(Pilot, Steady, Sandbox);
}
