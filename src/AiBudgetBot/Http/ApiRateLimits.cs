using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Http;

/// <summary>
/// A token bucket per API key: each ingestion key gets <c>Ingestion:RequestsPerSecond</c>, the
/// admin key <c>Admin:RequestsPerSecond</c> (0 turns a limit off). A refused request is answered
/// 429 with <c>Retry-After</c> before its endpoint runs, so nothing of it is read or counted.
/// Requests without a known key are not limited here: <see cref="ApiAccess"/> answers them 401 first.
/// </summary>
public static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = RejectAsync;
        });

    private static RateLimitPartition<string> Partition(HttpContext http) =>
        ApiCaller.Of(http) switch
        {
            { IsAdmin: true } => Bucket("admin", http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.RequestsPerSecond),
            // Keyed by name, never by the secret itself.
            { } ingestion => Bucket("ingestion:" + ingestion.Name, http.RequestServices.GetRequiredService<IOptions<IngestionOptions>>().Value.RequestsPerSecond),
            null => RateLimitPartition.GetNoLimiter(""),
        };

    private static RateLimitPartition<string> Bucket(string partition, int perSecond) =>
        perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                // One second's worth may come at once; a refused request waits for nothing (no queue).
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
            : 1;
        var setting = ApiCaller.Of(http) is { IsAdmin: true } ? "Admin:RequestsPerSecond" : "Ingestion:RequestsPerSecond";
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.TooManyRequests($"This key sent more requests per second than {setting} allows; nothing of this request was read or counted. Retry after {seconds} s, or send more events per request.")
            .ExecuteAsync(http);
    }
}
