using System.Net.Http.Headers;
using System.Text;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Slack;
using AiBudgetBot.Storage;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Slack;

/// <summary>
/// Our Slack endpoints in a small host (AddSlack/MapSlack, as Program.cs will call them) over
/// real Azurite, talking to a <see cref="SlackApiStandIn"/>, with a <see cref="FakeChatHandler"/>.
/// </summary>
public sealed class SlackTestHost : IAsyncDisposable
{
    public const string Secret = "test-signing-secret-0123456789abcdef";
    public const string BotToken = "xoxb-test-token";

    private readonly WebApplication _app;

    private SlackTestHost(WebApplication app, FakeChatHandler handler, RecordingDelay delay)
    {
        _app = app;
        Handler = handler;
        Delay = delay;
        Client = app.GetTestClient();
    }

    public FakeChatHandler Handler { get; }

    public RecordingDelay Delay { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SlackTestHost> StartAsync(
        SlackApiStandIn api,
        AzuriteFixture storage,
        FakeChatHandler? handler = null,
        string? tablePrefix = null,
        IDictionary<string, string?>? settings = null)
    {
        handler ??= new FakeChatHandler();
        var delay = new RecordingDelay();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();

        var config = new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = BotToken,
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = api.ApiBaseUrl.AbsoluteUri,
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:TablePrefix"] = tablePrefix ?? "slk" + Guid.NewGuid().ToString("N")[..12],
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);

        // What AddStorage will do in Program.cs; here only what the Slack side needs.
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        builder.Services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        builder.Services.AddSingleton<Tables>();
        builder.Services.AddSingleton<IChatHandler>(handler);
        builder.Services.AddSingleton<SlackDelay>(delay);

        builder.AddSlack();
        var app = builder.Build();
        app.MapSlack();
        await app.StartAsync();
        return new SlackTestHost(app, handler, delay);
    }

    /// <summary>Posts <paramref name="body"/> signed as Slack would, now (or at <paramref name="timestamp"/>).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(
        string path,
        byte[] body,
        string contentType,
        long? timestamp = null,
        string secret = Secret,
        Action<HttpRequestMessage>? tweak = null)
    {
        var ts = (timestamp ?? TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()).ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(secret, ts, body));
        tweak?.Invoke(request);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string form, Action<HttpRequestMessage>? tweak = null) =>
        PostSignedAsync(path, Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded", tweak: tweak);

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, Action<HttpRequestMessage>? tweak = null) =>
        PostSignedAsync(path, Encoding.UTF8.GetBytes(json), "application/json", tweak: tweak);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Real payloads captured from Slack (and SDKs' tests), copied into Slack/Fixtures (see its SOURCES.md).</summary>
public static class SlackFixtures
{
    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path.Combine(Directory, relative));

    public static string Text(string relative) => File.ReadAllText(Path.Combine(Directory, relative));

    private static string Directory => Path.Combine(Infrastructure.Azurite.RepositoryRoot(), "tests", "AiBudgetBot.Tests", "Slack", "Fixtures");
}
