using System.Diagnostics;

namespace AiBudgetBot.Benchmarks;

/// <summary>Latencies in milliseconds, summarised.</summary>
internal sealed record LatencySummary(int Count, int Failures, double AchievedPerSecond, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyList<double> milliseconds, int failures, TimeSpan elapsed)
    {
        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(
            sorted.Length,
            failures,
            sorted.Length / elapsed.TotalSeconds,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.95),
            Percentile(sorted, 0.99),
            sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() =>
        $"p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms; {Count} ok, {Failures} failed, {AchievedPerSecond:0} /s achieved";
}

internal static class Measure
{
    /// <summary>
    /// Open loop: starts call <c>i</c> at <c>i / rate</c> seconds whether or not earlier calls
    /// have finished, and times each from when it was due (not when it was sent), so a stall
    /// shows as latency instead of silently lowering the rate (no coordinated omission).
    /// </summary>
    public static async Task<LatencySummary> OpenLoopAsync(int ratePerSecond, TimeSpan duration, Func<int, Task<bool>> call)
    {
        var count = (int)(ratePerSecond * duration.TotalSeconds);
        var latencies = new double[count];
        var succeeded = new bool[count];
        var calls = new Task[count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)ratePerSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            calls[i] = Task.Run(async () =>
            {
                try
                {
                    succeeded[index] = await call(index);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Azure.RequestFailedException)
                {
                    succeeded[index] = false;
                }

                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            });
        }

        await Task.WhenAll(calls);
        var elapsed = clock.Elapsed;
        // Where the slow ones fall in time says whether the tail is periodic (a refresh, a GC) or a backlog.
        var slow = Enumerable.Range(0, count).Where(i => latencies[i] > 50).GroupBy(i => i / ratePerSecond).Select(g => $"{g.Key}s:{g.Count()}").ToList();
        if (slow.Count > 0)
        {
            Console.WriteLine($"    requests over 50 ms, by second of the run: {string.Join(' ', slow)}");
        }

        var ok = Enumerable.Range(0, count).Where(i => succeeded[i]).Select(i => latencies[i]).ToList();
        return LatencySummary.Of(ok, count - ok.Count, elapsed);
    }

    /// <summary>Closed loop: <paramref name="workers"/> callers, each starting its next call when the last ends.</summary>
    /// <returns>Calls completed per second.</returns>
    public static async Task<double> ClosedLoopAsync(int workers, TimeSpan duration, Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await call();
                Interlocked.Increment(ref done);
            }
        }));
        return done / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Closed loop with latencies: <paramref name="workers"/> callers, each starting its next call
    /// when the last ends (call <c>i</c> is the i-th started, so ids are unique). Calls started in
    /// the first <paramref name="warmup"/> are not counted; the window is <paramref name="duration"/>
    /// after it, and a call counts when it started inside the window.
    /// </summary>
    /// <param name="pause">
    /// Untimed time a caller spends after call <c>i</c> before its next (a gateway's model call
    /// between its authorize and the next request); null: none, the loop runs at saturation.
    /// With pauses, caller w starts w/workers of a pause late, so callers do not move in step.
    /// </param>
    public static async Task<LatencySummary> ClosedLoopLatencyAsync(int workers, TimeSpan warmup, TimeSpan duration, Func<int, Task<bool>> call, string progress, Func<int, TimeSpan>? pause = null)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        var end = warmup + duration;
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(5));
        var reporting = Task.Run(async () =>
        {
            while (await ticker.WaitForNextTickAsync())
            {
                Console.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}]   … {progress}: {clock.Elapsed.TotalSeconds:0} s, {Volatile.Read(ref next) + 1} calls started ({latencies.Count} measured, {Volatile.Read(ref failures)} failed)");
            }
        });
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            await Task.Yield();
            if (pause is not null)
            {
                await Task.Delay(pause(worker) * worker / workers);
            }

            TimeSpan start;
            while ((start = clock.Elapsed) < end)
            {
                var index = Interlocked.Increment(ref next);
                bool ok;
                try
                {
                    ok = await call(index);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Azure.RequestFailedException)
                {
                    ok = false;
                }

                var took = clock.Elapsed - start;
                if (start >= warmup)
                {
                    if (ok)
                    {
                        latencies.Add(took.TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }

                if (pause is not null && clock.Elapsed < end)
                {
                    await Task.Delay(pause(index));
                }
            }
        }));
        ticker.Dispose();
        await reporting;
        return LatencySummary.Of([.. latencies], failures, duration);
    }
}
