using System.Diagnostics;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Hosting;

/// <summary>A start refused by options validation says why, however the test host's threads interleave.</summary>
public sealed class FailedStartTests
{
    [Fact]
    public async Task Start_RefusedByValidation_ReportsTheSetting_EvenWhenTheHostIsAlreadyDisposed()
    {
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Webhooks:Url"] = "http://hooks.contoso.com/budget",
            ["Webhooks:Secret"] = "webhook-secret-0123456789",
        })
        {
            // What a loaded machine does now and then: the entry point's failed app.Run() has
            // disposed the host before WebApplicationFactory starts it.
            BeforeStart = WaitUntilDisposed,
        };

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bot.CreateClient());

        Assert.Contains("Webhooks:Url must be https://", error.Message);
    }

    private static void WaitUntilDisposed(IHost host)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                host.Services.GetService<IHostApplicationLifetime>();
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("The host was not disposed within a minute: its start did not fail.");
    }
}
