using System.Globalization;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Demo;

/// <summary>
/// The demo organization's month, as model calls (config/demo-policy.yaml names the teams).
/// Marketing's copy work is steady until its video pilot starts calling a frontier model and the
/// team's bill triples; Support is steady; Research's spend sits with two long-context users; an
/// agent experiment runs in the innovation sandbox.
/// </summary>
/// <remarks>
/// Time is cut into minutes and each stream decides per minute, from a hash of its name and the
/// minute alone, whether a call happened and how big it was. So the same minute always yields
/// the same event with the same id: a restart (or a replay over minutes already counted) makes
/// only duplicates, which the ledger counts once.
/// </remarks>
public sealed class DemoScenario(PeriodCalendar calendar, DateTimeOffset spikeStart, DateTimeOffset experimentStart)
{
    private static readonly Stream[] Streams =
    [
        // Marketing's everyday campaign copy: the baseline pool, a mid-tier model.
        new("mkt-copy", "marketing", "campaign-copy", "claude-sonnet-4-5", ["alice", "marco", "dana"], PerWorkHour: 6, Input: 90_000, CachedShare: 0.4, Output: 16_000),
        // The video pilot: one workflow on the most expensive model, ramping up (see Ramp).
        new("mkt-video", "marketing", "video-render", "claude-opus-4-1", ["alice", "marco"], PerWorkHour: 2.5, Input: 60_000, CachedShare: 0.2, Output: 14_000, Spike: true),
        // Support: steady, day in day out.
        new("sup-cases", "support", "case-summaries", "claude-sonnet-4-5", ["lena", "sam"], PerWorkHour: 4, Input: 70_000, CachedShare: 0.6, Output: 4_000),
        new("sup-triage", "support", "ticket-triage", "gpt-5-mini", ["lena"], PerWorkHour: 1.5, Input: 20_000, CachedShare: 0.5, Output: 2_000),
        // Research: long contexts, almost all from Mei and Tomás.
        new("res-lit", "research", "literature-review", "gemini-2.5-pro", ["mei", "tomas", "mei", "tomas", "mei", "tomas", "mei", "tomas", "mei", "ravi"], PerWorkHour: 2, Input: 180_000, CachedShare: 0.1, Output: 5_000),
        new("res-analysis", "research", "data-analysis", "claude-sonnet-4-5", ["tomas", "mei", "tomas", "mei", "tomas", "mei", "tomas", "mei", "ravi", "ravi"], PerWorkHour: 3, Input: 150_000, CachedShare: 0.5, Output: 3_000),
        // Engineering: code review on a reasoning model, a healthy team.
        new("eng-review", "engineering", "code-review", "o3", ["jordan", "kim"], PerWorkHour: 3, Input: 40_000, CachedShare: 0.3, Output: 12_000),
        // The sandbox experiment: an agent evaluation, started a week ago.
        new("sbx-agent", "innovation", "agent-eval", "claude-sonnet-4-5", ["kim", "mei"], PerWorkHour: 5, Input: 80_000, CachedShare: 0.3, Output: 10_000, Experiment: true),
    ];

    /// <summary>The scenario as of <paramref name="now"/>: the video spike began two weeks ago, the experiment a week ago.</summary>
    public static DemoScenario AsOf(DateTimeOffset now, PeriodCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return new DemoScenario(calendar, today.AddDays(-14), today.AddDays(-7));
    }

    /// <summary>Every call of the minutes in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public IEnumerable<UsageEvent> Events(DateTimeOffset from, DateTimeOffset to)
    {
        var first = MinuteOf(from.ToUniversalTime());
        if (first < from.ToUniversalTime())
        {
            first = first.AddMinutes(1);
        }

        for (var minute = first; minute < to; minute = minute.AddMinutes(1))
        {
            var activity = Activity(minute);
            foreach (var stream in Streams)
            {
                if (Call(stream, minute, activity) is { } call)
                {
                    yield return call;
                }
            }
        }
    }

    private UsageEvent? Call(Stream stream, DateTimeOffset minute, double activity)
    {
        var chance = stream.PerWorkHour / 60.0 * activity * Ramp(stream, minute);
        var slot = minute.ToUnixTimeSeconds() / 60;
        if (Unit(stream.Id, slot, 0) >= chance)
        {
            return null;
        }

        // Sizes vary ±35 % around the stream's typical call; one video render in 100 is a 4K job
        // five times the size (a single call above Limits:ReviewSingleCallAbove, so a review fires).
        var size = 0.65 + (0.7 * Unit(stream.Id, slot, 1));
        if (stream.Spike && Unit(stream.Id, slot, 2) < 0.01)
        {
            size *= 5;
        }

        var input = (long)(stream.Input * size);
        var users = stream.Users;
        var user = users[(int)(Unit(stream.Id, slot, 3) * users.Count) % users.Count];
        var second = (int)(Unit(stream.Id, slot, 4) * 60) % 60;
        var stamp = minute.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
        return new UsageEvent(
            Id: $"demo-{stream.Id}-{stamp}",
            Timestamp: minute.AddSeconds(second),
            TeamId: stream.Team,
            User: $"{user}@contoso.com",
            Workflow: stream.Workflow,
            Model: stream.Model,
            Provider: null,
            Tokens: new TokenCounts(input, (long)(stream.Output * size), (long)(input * stream.CachedShare)),
            Cost: null,
            Currency: null,
            PoolId: null);
    }

    /// <summary>Working hours carry the load; nights and weekends a little.</summary>
    private double Activity(DateTimeOffset minute)
    {
        var local = calendar.LocalTime(minute);
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return 0.1;
        }

        return local.Hour is >= 8 and < 18 ? 1.0 : 0.08;
    }

    /// <summary>
    /// The video pilot ran at a tenth of its rate until the spike, then grew to full over five
    /// days; the experiment exists only since it started. Later starts only ever lower a
    /// minute's chance, so a restart on another day adds no event to minutes already counted.
    /// </summary>
    private double Ramp(Stream stream, DateTimeOffset minute)
    {
        if (stream.Spike)
        {
            return minute < spikeStart ? 0.1 : Math.Clamp((minute - spikeStart).TotalDays / 5, 0.25, 1.0);
        }

        if (stream.Experiment)
        {
            return minute < experimentStart ? 0 : 1;
        }

        return 1;
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset instant) =>
        new(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0, TimeSpan.Zero);

    /// <summary>A number in [0, 1) that depends only on the stream, the minute and which draw it is (SplitMix64).</summary>
    private static double Unit(string stream, long slot, int draw)
    {
        var x = unchecked((ulong)Fnv(stream) ^ ((ulong)slot * 0x9E3779B97F4A7C15UL) ^ ((ulong)draw * 0xD1B54A32D192ED03UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static long Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return unchecked((long)hash);
    }

    private sealed record Stream(
        string Id,
        string Team,
        string Workflow,
        string Model,
        IReadOnlyList<string> Users,
        double PerWorkHour,
        long Input,
        double CachedShare,
        long Output,
        bool Spike = false,
        bool Experiment = false);
}
