using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on loopback (what PagerDuty or a SIEM would be): records every POST
/// with its body and signature, and can answer a scripted status first (429, 500…).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Calls { get; } = new();

    public string Url { get; private set; } = "";

    public IEnumerable<JsonElement> Accepted => Calls.Where(c => c.Status == 200).Select(c => c.Json);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var (status, retryAfter) = receiver._script.TryDequeue(out var scripted) ? scripted : (200, null);
            receiver.Calls.Enqueue(new Received(body, http.Request.Headers["X-AiBudget-Signature"].ToString(), status));
            if (retryAfter is not null)
            {
                http.Response.Headers.RetryAfter = retryAfter;
            }

            http.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    /// <summary>The next POST gets <paramref name="status"/> instead of 200.</summary>
    public void AnswerNext(HttpStatusCode status, string? retryAfter = null) => _script.Enqueue(((int)status, retryAfter));

    /// <summary>Waits until <paramref name="condition"/> holds on the calls so far, or fails after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> condition, double seconds = 15)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var calls = Calls.ToList();
            if (condition(calls))
            {
                return calls;
            }

            if (clock.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"The webhook did not get what was expected within {seconds} s; it got {calls.Count} calls: {string.Join(" | ", calls.Select(c => c.Body))}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Received(string Body, string Signature, int Status)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string Kind => Json.GetProperty("kind").GetString()!;
    }
}
