using System.Diagnostics;

namespace AiBudgetBot.Tests.Slack;

/// <summary>Waits for background work (the Slack worker) to show its effect.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException("Timed out waiting for " + (what ?? "condition"));
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Polls an asynchronous condition (a call to the bot, a read of the store) until it holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException("Timed out waiting for " + (what ?? "condition"));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Gives background work a moment to do something it should not, before asserting it did not.</summary>
    public static Task QuietPeriodAsync() => Task.Delay(400);
}
