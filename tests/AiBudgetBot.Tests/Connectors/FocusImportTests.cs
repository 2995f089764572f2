using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Imports;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Connectors;

/// <summary>FOCUS import end to end: the real host over Azurite, the published FOCUS 1.0 sample.</summary>
public sealed class FocusImportTests : IAsyncLifetime
{
    private static readonly string Sample = Path.Combine(Fixtures.Root, "focus", "focus-1.0-sample.csv");
    private static readonly string Tagged = Path.Combine(Fixtures.Root, "focus", "focus-1.0-sample.ai-tagged.csv");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 25, 12, 0, 0, TimeSpan.Zero));
    private BotFactory _bot = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix(), time: _time);
        _admin = _bot.Admin();
        await ConnectorSeed.SeedAsync(_admin, "2024-01-01");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Import_AiAndOtherRows_CountsAiRowsOnce_EvenWhenImportedTwice()
    {
        var first = await ImportAsync(Tagged);
        var second = await ImportAsync(Tagged);

        Assert.Equal(9, first.GetProperty("imported").GetInt32());
        Assert.Equal(20, first.GetProperty("skipped").GetInt32());
        Assert.Equal(0, first.GetProperty("rejected").GetArrayLength());
        Assert.Equal(0, second.GetProperty("imported").GetInt32());
        Assert.Equal(9, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(20, second.GetProperty("skipped").GetInt32());

        // The sample's AI rows are September 2024 credits and charges: BilledCost rounded to micro-units sums to -0.151898.
        var pool = await SeptemberAsync();
        Assert.Equal(-0.151898m, pool.GetProperty("spent").GetDecimal());
        Assert.Equal(9, pool.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Import_PublishedSample_SkipsOtherServicesAndNamesUntaggedAiRows()
    {
        var result = await ImportAsync(Sample);

        Assert.Equal(0, result.GetProperty("imported").GetInt32());
        Assert.Equal(991, result.GetProperty("skipped").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(9, rejected.Count);
        Assert.All(rejected, r =>
        {
            Assert.True(r.GetProperty("line").GetInt32() > 1);
            Assert.Contains("'team'", r.GetProperty("errors")[0].GetString());
        });
    }

    [Fact]
    public async Task Import_FileThatIsNotFocus_Is400NamingMissingColumns_AndChangesNothing()
    {
        using var content = new StringContent("date,amount,team\n2024-09-01,12.50,marketing\n", Encoding.UTF8, "text/csv");
        var response = await _admin.PostAsync("/api/v1/imports/focus", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString()!;
        foreach (var column in new[] { "ChargePeriodStart", "ServiceCategory", "ProviderName", "BillingCurrency", "BilledCost" })
        {
            Assert.Contains(column, detail);
        }

        Assert.Equal(0, (await SeptemberAsync()).GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Import_WithoutAdminKey_Is401()
    {
        using var content = new StringContent("x\n", Encoding.UTF8, "text/csv");
        var response = await _bot.Ingest().PostAsync("/api/v1/imports/focus", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Import_ReconcileMode_RecordsBilledWithoutCounting()
    {
        var result = await ImportAsync(Tagged, "?mode=reconcile");

        Assert.Equal(9, result.GetProperty("imported").GetInt32());
        Assert.Equal(0, (await SeptemberAsync()).GetProperty("events").GetInt32());
        var report = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/reconciliation?month=2024-09");
        var microsoft = report.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "microsoft");
        Assert.Equal(-0.151898m, microsoft.GetProperty("billed").GetDecimal());
        Assert.Equal(0m, microsoft.GetProperty("tracked").GetDecimal());
        Assert.Equal("marketing", microsoft.GetProperty("teams")[0].GetProperty("team").GetString());
    }

    [Fact]
    public async Task CommandLineVerb_ImportsTheFile_AndASecondRunAddsNothing()
    {
        _ = _bot.Server; // start the host
        var output = new StringWriter();
        var exit = await FocusCommand.RunAsync(_bot.Services, [FocusCommand.Verb, Tagged], output);
        var again = new StringWriter();
        var exitAgain = await FocusCommand.RunAsync(_bot.Services, [FocusCommand.Verb, Tagged], again);

        Assert.Equal(0, exit);
        Assert.Equal(0, exitAgain);
        Assert.Equal(9, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(9, JsonDocument.Parse(again.ToString()).RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, await FocusCommand.RunAsync(_bot.Services, [FocusCommand.Verb, "/nonexistent.csv"], new StringWriter()));
    }

    private async Task<JsonElement> ImportAsync(string path, string query = "")
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var response = await AdminCalls.Ok(_admin.PostAsync("/api/v1/imports/focus" + query, content));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> SeptemberAsync()
    {
        var status = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");
        return status.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "baseline");
    }
}
