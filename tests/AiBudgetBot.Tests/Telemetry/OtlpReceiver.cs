using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiBudgetBot.Tests.Telemetry;

/// <summary>
/// What an OpenTelemetry collector is to the bot, on loopback: takes OTLP/HTTP posts
/// (<c>/v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>) and keeps each body's bytes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, byte[] Body)> Posts { get; } = new();

    public string Endpoint { get; private set; } = "";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Posts.Enqueue((http.Request.Path.Value!, body.ToArray()));
            // An empty ExportXxxServiceResponse is an empty protobuf message: zero bytes.
            http.Response.ContentType = "application/x-protobuf";
            http.Response.StatusCode = 200;
        });
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>True when some post to <paramref name="path"/> holds the UTF-8 bytes of <paramref name="text"/> (protobuf stores strings as plain UTF-8).</summary>
    public bool Received(string path, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Posts.Any(p => p.Path == path && p.Body.AsSpan().IndexOf(needle) >= 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
