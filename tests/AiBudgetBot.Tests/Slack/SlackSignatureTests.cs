using System.Text;
using System.Text.Json;
using AiBudgetBot.Slack;

namespace AiBudgetBot.Tests.Slack;

public sealed class SlackSignatureTests
{
    private static readonly JsonElement Vector = JsonDocument.Parse(SlackFixtures.Text("signature-test-vector.json")).RootElement;

    private static string V(string name) => Vector.GetProperty(name).GetString()!;

    private static DateTimeOffset VectorTime => DateTimeOffset.FromUnixTimeSeconds(long.Parse(V("x_slack_request_timestamp")));

    [Fact]
    public void Compute_OfficialTestVector_MatchesSlacksSignature()
    {
        var signature = SlackSignature.Compute(V("signing_secret"), V("x_slack_request_timestamp"), Encoding.UTF8.GetBytes(V("body")));

        Assert.Equal(V("x_slack_signature"), signature);
    }

    [Fact]
    public void Verify_OfficialTestVector_IsValid()
    {
        var check = SlackSignature.Verify(V("signing_secret"), V("x_slack_request_timestamp"), V("x_slack_signature"), Encoding.UTF8.GetBytes(V("body")), VectorTime.AddSeconds(30));

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_SlackDocsExampleBodyFile_IsValid()
    {
        var body = SlackFixtures.Bytes("slack-docs/slash-command.signing-example.body.txt");

        var check = SlackSignature.Verify(V("signing_secret"), V("x_slack_request_timestamp"), V("x_slack_signature"), body, VectorTime);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampMoreThanFiveMinutesAway_IsStale(int offsetSeconds)
    {
        var check = SlackSignature.Verify(V("signing_secret"), V("x_slack_request_timestamp"), V("x_slack_signature"), Encoding.UTF8.GetBytes(V("body")), VectorTime.AddSeconds(-offsetSeconds));

        Assert.Equal(SignatureCheck.Stale, check);
    }

    [Fact]
    public void Verify_OneByteOfBodyChanged_IsMismatch()
    {
        var body = Encoding.UTF8.GetBytes(V("body").Replace("roadrunner", "roadrunnes"));

        var check = SlackSignature.Verify(V("signing_secret"), V("x_slack_request_timestamp"), V("x_slack_signature"), body, VectorTime);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Verify_WithEmptySecret_NeverAccepts()
    {
        var check = SlackSignature.Verify("", V("x_slack_request_timestamp"), V("x_slack_signature"), Encoding.UTF8.GetBytes(V("body")), VectorTime);

        Assert.Equal(SignatureCheck.NoSecret, check);
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("", "")]
    public void Verify_WithMissingHeaders_IsRejected(string? timestamp, string? signature)
    {
        var check = SlackSignature.Verify(V("signing_secret"), timestamp, signature, Encoding.UTF8.GetBytes(V("body")), VectorTime);

        Assert.Equal(SignatureCheck.Missing, check);
    }

    [Fact]
    public void Verify_WithNonNumericTimestamp_IsRejected()
    {
        var check = SlackSignature.Verify(V("signing_secret"), "not-a-time", V("x_slack_signature"), Encoding.UTF8.GetBytes(V("body")), VectorTime);

        Assert.NotEqual(SignatureCheck.Valid, check);
    }
}
