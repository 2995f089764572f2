using AiBudgetBot.Slack;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AiBudgetBot.Tests.Slack;

/// <summary>The app manifest must point Slack at the endpoints we map and subscribe to the events we handle.</summary>
public sealed class SlackManifestTests
{
    private static readonly string[] MinimalScopes = ["commands", "chat:write", "app_mentions:read", "im:history", "im:write", "chat:write.public", "files:write", "users:read", "users:read.email", "channels:read", "groups:read"];

    private static Manifest Load()
    {
        var path = Path.Combine(RepoRoot(), "manifests", "slack", "manifest.yaml");
        var yaml = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        return yaml.Deserialize<Manifest>(File.ReadAllText(path));
    }

    [Fact]
    public void Manifest_UrlsPointAtTheMappedSlackEndpoints()
    {
        var manifest = Load();

        var command = Assert.Single(manifest.Features.SlashCommands);
        Assert.Equal("/aibudget", command.Command);
        Assert.False(string.IsNullOrWhiteSpace(command.Description));
        Assert.False(string.IsNullOrWhiteSpace(command.UsageHint));
        Assert.Equal(SlackExtensions.RoutePrefix + SlackExtensions.CommandsPath, new Uri(command.Url).AbsolutePath);
        Assert.Equal(SlackExtensions.RoutePrefix + SlackExtensions.InteractionsPath, new Uri(manifest.Settings.Interactivity.RequestUrl).AbsolutePath);
        Assert.Equal(SlackExtensions.RoutePrefix + SlackExtensions.EventsPath, new Uri(manifest.Settings.EventSubscriptions.RequestUrl).AbsolutePath);
        Assert.True(manifest.Settings.Interactivity.IsEnabled);
        Assert.All(
            [command.Url, manifest.Settings.Interactivity.RequestUrl, manifest.Settings.EventSubscriptions.RequestUrl],
            url => Assert.Equal("https", new Uri(url).Scheme));
    }

    [Fact]
    public void Manifest_SubscribesToExactlyTheEventsTheCodeHandles()
    {
        var manifest = Load();

        Assert.Equal(SlackEventsEndpoint.SubscribedEvents.Order(), manifest.Settings.EventSubscriptions.BotEvents.Order());
    }

    [Fact]
    public void Manifest_AsksOnlyForMinimalBotScopes()
    {
        var manifest = Load();

        Assert.Subset(MinimalScopes.ToHashSet(), manifest.OauthConfig.Scopes.Bot.ToHashSet());
        Assert.Contains("commands", manifest.OauthConfig.Scopes.Bot);
        Assert.Contains("chat:write", manifest.OauthConfig.Scopes.Bot);
        Assert.Contains("files:write", manifest.OauthConfig.Scopes.Bot); // chart uploads
        // First contact by email needs both (users.info, profile.email).
        Assert.Contains("users:read", manifest.OauthConfig.Scopes.Bot);
        Assert.Contains("users:read.email", manifest.OauthConfig.Scopes.Bot);
        Assert.InRange(manifest.DisplayInformation.Name.Length, 1, 35);
        Assert.False(string.IsNullOrWhiteSpace(manifest.Features.BotUser.DisplayName));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiBudgetBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repo root not found");
    }

    // Just the parts of the manifest the tests read.
    public sealed class Manifest
    {
        public DisplayInformation DisplayInformation { get; set; } = new();

        public Features Features { get; set; } = new();

        public OauthConfig OauthConfig { get; set; } = new();

        public Settings Settings { get; set; } = new();
    }

    public sealed class DisplayInformation
    {
        public string Name { get; set; } = "";
    }

    public sealed class Features
    {
        public BotUser BotUser { get; set; } = new();

        public List<SlashCommand> SlashCommands { get; set; } = [];
    }

    public sealed class BotUser
    {
        public string DisplayName { get; set; } = "";
    }

    public sealed class SlashCommand
    {
        public string Command { get; set; } = "";

        public string Url { get; set; } = "";

        public string Description { get; set; } = "";

        public string UsageHint { get; set; } = "";
    }

    public sealed class OauthConfig
    {
        public Scopes Scopes { get; set; } = new();
    }

    public sealed class Scopes
    {
        public List<string> Bot { get; set; } = [];
    }

    public sealed class Settings
    {
        public Interactivity Interactivity { get; set; } = new();

        public EventSubscriptions EventSubscriptions { get; set; } = new();
    }

    public sealed class Interactivity
    {
        public bool IsEnabled { get; set; }

        public string RequestUrl { get; set; } = "";
    }

    public sealed class EventSubscriptions
    {
        public string RequestUrl { get; set; } = "";

        public List<string> BotEvents { get; set; } = [];
    }
}
