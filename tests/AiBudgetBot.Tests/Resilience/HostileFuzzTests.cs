using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Policy;
using AiBudgetBot.Slack;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// Property and fuzz tests of every parser, through the real host where there is an endpoint:
/// whatever the body, the answer is never a 5xx, a refusal on the API says what was wrong, and
/// a refused request changes nothing.
/// </summary>
public sealed class HostileFuzzTests(HostileHost host) : IClassFixture<HostileHost>
{
    private const int Samples = 60;

    public static TheoryData<string, string> ApiEndpoints() => new()
    {
        { "POST", "/api/v1/usage" },
        { "NDJSON", "/api/v1/usage" },
        { "POST", "/api/v1/usage/litellm" },
        { "POST", "/api/v1/authorize" },
        { "PUT", "/api/v1/teams/marketing" },
        { "PUT", "/api/v1/teams/marketing/pools/baseline" },
        { "PUT", "/api/v1/people/dana" },
        { "PUT", "/api/v1/prices" },
        { "POST", "/api/v1/teams/marketing/onboarding" },
    };

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Api_HostileBodies_AreNever5xxAndA4xxSaysWhyAndChangesNothing(string method, string path)
    {
        var failures = new List<string>();
        foreach (var body in HostileGenerators.Body().Sample(Samples, 30).Concat(Known()))
        {
            var before = await host.StateAsync();
            var client = path.StartsWith("/api/v1/usage", StringComparison.Ordinal) || path == "/api/v1/authorize" ? host.Chat.Bot.Ingest() : host.Chat.Bot.Admin();
            using var request = new HttpRequestMessage(method == "PUT" ? HttpMethod.Put : HttpMethod.Post, path) { Content = new ByteArrayContent(method == "NDJSON" ? Ndjson(body) : body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(method == "NDJSON" ? "application/x-ndjson" : "application/json");
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                failures.Add($"{status} for {Show(body)}: {text}");
            }
            else if (status >= 400)
            {
                if (!HasDetail(text))
                {
                    failures.Add($"{status} without a detail for {Show(body)}: {text}");
                }

                if (await host.StateAsync() != before)
                {
                    failures.Add($"{status} changed state for {Show(body)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    [Fact]
    public async Task SlackEventsAndInteractions_HostileBodies_AreNever5xx()
    {
        var failures = new List<string>();
        foreach (var body in HostileGenerators.Body().Sample(Samples, 30).Concat(Known()))
        {
            var events = await host.PostSlackAsync("/api/slack/events", body, "application/json");
            var interactions = await host.PostSlackAsync("/api/slack/interactions", Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(body))), "application/x-www-form-urlencoded");
            foreach (var response in new[] { events, interactions })
            {
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} from {response.RequestMessage!.RequestUri} for {Show(body)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    [Fact]
    public async Task SlackCommands_HostileForms_AreNever5xx()
    {
        var failures = new List<string>();
        foreach (var text in HostileGenerators.ChatText().Sample(Samples, 30))
        {
            var form = "command=%2Faibudget&user_id=U0DANA&channel_id=D1&team_id=T0&text=" + Uri.EscapeDataString(text.Replace('\ud800', 'x').Replace('\udc00', 'y'))
                + "&junk=%ED%A0%80%FF%&=&&" + Uri.EscapeDataString(text.Length > 20 ? text[..20].Replace('\ud800', 'x').Replace('\udc00', 'y') : "");
            var response = await host.PostSlackAsync("/api/slack/commands", Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded");
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {form[..Math.Min(200, form.Length)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    [Fact]
    public async Task TeamsActivities_HostileBodies_AreNever5xx()
    {
        var failures = new List<string>();
        foreach (var body in HostileGenerators.Body().Sample(Samples, 30).Concat(Known()))
        {
            var response = await host.PostTeamsAsync(Encoding.UTF8.GetString(body));
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {Show(body)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    [Property(MaxTest = 500)]
    public Property CommandParser_AnyText_ParsesToAnAnswerWithoutThrowing() =>
        Prop.ForAll(HostileGenerators.ChatText().ToArbitrary(), text => CommandParser.Parse(text) is not null);

    [Property(MaxTest = 500)]
    public Property SlackForm_AnyBytes_ParsesWithoutThrowing() =>
        Prop.ForAll(HostileGenerators.Body().ToArbitrary(), body => SlackForm.Parse(body) is not null);

    [Property(MaxTest = 200)]
    public Property PolicyFile_AnyText_IsReadOrRefusedWithTheKeyNamed() =>
        Prop.ForAll(PolicyTexts().ToArbitrary(), text =>
        {
            var path = Path.Combine(Path.GetTempPath(), "policy-fuzz-" + Guid.NewGuid().ToString("N") + ".yaml");
            // Encoding.UTF8 writes a lone surrogate as U+FFFD, as any editor would save it.
            File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
            try
            {
                return PolicyFileApplier.Read(path) is not null;
            }
            catch (InvalidOperationException e)
            {
                return e.Message.StartsWith("Policy:Path", StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(path);
            }
        });

    private static Gen<string> PolicyTexts() =>
        Gen.OneOf(
            HostileGenerators.Value(3).Select(v => "{\"teams\":{\"marketing\":" + v + "},\"prices\":" + v + ",\"people\":{\"dana\":" + v + "}}"),
            HostileGenerators.Value(3),
            HostileGenerators.Deep(),
            HostileGenerators.ChatText().Select(t => "teams:\n  marketing:\n    name: " + t + "\n    pools:\n      - " + t));

    /// <summary>The cases a reviewer names, always tried besides the random ones.</summary>
    private static IEnumerable<byte[]> Known() =>
        new[]
        {
            "{\"team\":\"\\ud800\"}", "[{\"id\":\"\\udc00\",\"team\":\"marketing\"}]", "\"\\ud800\"", "{\"\\ud800\":1}", "null", "[]", "[null]", "{}",
            "{\"estimatedCost\":1e400,\"team\":\"marketing\"}", "{\"team\":\"marketing\",\"cost\":-1e400,\"id\":\"k\",\"model\":\"gpt-4o-mini\",\"timestamp\":\"0001-01-01T00:00:00Z\"}",
            "{\"team\":\"marketing\",\"cost\":1,\"id\":\"k2\",\"model\":\"gpt-4o-mini\",\"timestamp\":\"9999-12-31T23:59:59Z\"}",
            "{\"team\":\"marketing\",\"inputTokens\":9223372036854775807,\"outputTokens\":9223372036854775807,\"id\":\"k3\",\"model\":\"gpt-4o-mini\",\"timestamp\":\"2026-12-10T10:00:00Z\"}",
            new string('[', 5000) + new string(']', 5000),
        }.Select(Encoding.UTF8.GetBytes);

    private static byte[] Ndjson(byte[] body) => [.. body, (byte)'\n', .. body, (byte)'\n'];

    private static bool HasDetail(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Show(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";
    }
}
