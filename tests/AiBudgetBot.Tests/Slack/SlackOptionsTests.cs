using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Slack;

public sealed class SlackOptionsTests
{
    private static List<ValidationResult> Validate(SlackOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Options_WithoutBotToken_SlackIsOffAndValid()
    {
        var options = new SlackOptions();

        Assert.False(options.IsEnabled);
        Assert.Empty(Validate(options));
        Assert.Equal(new Uri("https://slack.com/api/"), options.ApiBaseUrl);
        Assert.Equal(1, options.MessagesPerSecondPerChannel);
    }

    [Fact]
    public void Options_BotTokenWithoutSigningSecret_FailsNamingTheKey()
    {
        var error = Assert.Single(Validate(new SlackOptions { BotToken = "xoxb-1" }));

        Assert.Contains("Slack:SigningSecret", error.ErrorMessage);
    }

    [Theory]
    [InlineData("http://slack.example.com/api/", false)]
    [InlineData("http://127.0.0.1:5555/api/", true)]
    [InlineData("http://localhost/api/", true)]
    [InlineData("https://slack.com/api/", true)]
    public void Options_ApiBaseUrl_MustBeHttpsOrLoopback(string url, bool valid)
    {
        var results = Validate(new SlackOptions { BotToken = "xoxb-1", SigningSecret = "s", ApiBaseUrl = new Uri(url) });

        Assert.Equal(valid, results.Count == 0);
        if (!valid)
        {
            Assert.Contains("Slack:ApiBaseUrl", results[0].ErrorMessage);
        }
    }

    [Fact]
    public async Task Start_WithBotTokenButEmptySigningSecret_StopsTheBotNamingTheKey()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:BotToken"] = "xoxb-1", ["Slack:SigningSecret"] = "" });
        builder.Services.AddSingleton<IChatHandler, FakeChatHandler>();
        builder.AddSlack();
        await using var app = builder.Build();
        app.MapSlack();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Slack:SigningSecret", error.Message);
    }
}
