using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Status;
using AiBudgetBot.Storage;
using AiBudgetBot.Teams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Teams;

/// <summary>
/// The bot's Teams area on a real Kestrel port, wired exactly as Program.cs will (AddTeams /
/// MapTeams), against a Bot Framework stand-in, with a fake of our own IChatHandler, a fake
/// clock and a retry delay that records instead of sleeping.
/// </summary>
public sealed class TeamsTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private TeamsTestHost(WebApplication app, BotFrameworkStandIn standIn, FakeTimeProvider time, FakeChatHandler chat, RecordingRetryDelay delays, Uri baseAddress)
    {
        _app = app;
        StandIn = standIn;
        Time = time;
        Chat = chat;
        Delays = delays;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public BotFrameworkStandIn StandIn { get; }

    public FakeTimeProvider Time { get; }

    public FakeChatHandler Chat { get; }

    public RecordingRetryDelay Delays { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="storageConnectionString">A real table store when the test needs one; otherwise storage is never touched.</param>
    public static async Task<TeamsTestHost> StartAsync(string? storageConnectionString = null, IDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Now);
        var standIn = await BotFrameworkStandIn.StartAsync(time);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = standIn.AppId,
            ["Teams:AppPassword"] = standIn.AppPassword,
            ["Teams:OpenIdMetadataUrl"] = standIn.MetadataUrl,
            ["Teams:TokenEndpoint"] = standIn.TokenUrl,
            ["Storage:ConnectionString"] = storageConnectionString ?? "UseDevelopmentStorage=true",
            ["Storage:TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        var chat = new FakeChatHandler();
        var delays = new RecordingRetryDelay(time);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<ConnectorRetryDelay>(delays);
        builder.Services.AddSingleton<IChatHandler>(chat);
        builder.AddStorage();
        builder.AddTeams();
        var app = builder.Build();
        app.MapTeams();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TeamsTestHost(app, standIn, time, chat, delays, new Uri(address));
    }

    /// <summary>Reads a fixture and points it at the stand-in (serviceUrl, and the bot's own id as recipient when asked).</summary>
    public static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.TeamsFixtures, name)), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip })!.AsObject();

    public JsonObject AtStandIn(JsonObject activity)
    {
        activity["serviceUrl"] = StandIn.ServiceUrl;
        return activity;
    }

    public async Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, string? token = "valid")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "valid" ? StandIn.SignToken() : token);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}

/// <summary>Our own IChatHandler, faked: records what it was asked and answers with a recognisable card.</summary>
public sealed class FakeChatHandler : IChatHandler
{
    public List<(ChatSender Sender, string Text)> Texts { get; } = [];

    public List<(ChatSender Sender, string Verb, string SubjectId)> Actions { get; } = [];

    public string? NextNote { get; set; } = "Only you can see this.";

    public bool ReturnCard { get; set; } = true;

    public Task<OutgoingMessage> HandleTextAsync(ChatSender sender, string text, CancellationToken cancellationToken)
    {
        lock (Texts)
        {
            Texts.Add((sender, text));
        }

        return Task.FromResult(SampleMessages.BudgetStatus($"You said: {text}"));
    }

    public Task<ActionOutcome> HandleActionAsync(ChatSender sender, string verb, string subjectId, CancellationToken cancellationToken)
    {
        lock (Actions)
        {
            Actions.Add((sender, verb, subjectId));
        }

        var card = ReturnCard ? OutgoingMessage.Plain($"{verb} done on {subjectId}", $"{sender.DisplayName} chose {verb}.") : null;
        return Task.FromResult(new ActionOutcome(card, NextNote));
    }
}

/// <summary>Retry waits, recorded and skipped so a 429 test takes milliseconds.</summary>
public sealed class RecordingRetryDelay(TimeProvider time) : ConnectorRetryDelay(time)
{
    public List<TimeSpan> Waits { get; } = [];

    public override Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (Waits)
        {
            Waits.Add(delay);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Where the repo's files are, found from the test binaries (fixtures are copied into the repo, not the output).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TeamsFixtures => Path.Combine(Root, "tests", "AiBudgetBot.Tests", "Teams", "Fixtures");

    public static string TeamsManifest => Path.Combine(Root, "manifests", "teams");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiBudgetBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AiBudgetBot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The shared real Azurite of the test run (see <see cref="Infrastructure.Azurite"/>).</summary>
public sealed class TeamsAzuriteFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync() => ConnectionString = (await Infrastructure.Azurite.SharedAsync()).ConnectionString;

    public Task DisposeAsync() => Task.CompletedTask;
}
