using System.Globalization;
using System.Text.Json;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Storage.Ledger;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Directory;

/// <summary>
/// Rows of the directory tables (teams, pools, people, prices) and their domain types.
/// Amounts are integer micro-units; short lists are JSON strings.
/// </summary>
public static class DirectoryMapper
{
    private const string All = "all";

    /// <summary>All teams share one partition (a few hundred rows, read whole into the snapshot).</summary>
    public const string TeamPartition = All;

    public static TableEntity FromTeam(Team team) => new(All, team.Id.ToLowerInvariant())
    {
        ["Id"] = team.Id,
        ["Name"] = team.Name,
        ["Owners"] = Json(team.Owners),
        ["Members"] = Json(team.Members),
        ["Channels"] = JsonSerializer.Serialize(team.Channels),
        ["Onboarding"] = team.Onboarding is null ? null : JsonSerializer.Serialize(team.Onboarding),
        ["PausedWorkflows"] = Json(team.PausedWorkflows),
        ["MembersFrom"] = team.MembersFrom == MembersFrom.Explicit ? null : team.MembersFrom.ToString(),
        ["ChannelMembers"] = team.ChannelMembers.Count == 0 ? null : Json(team.ChannelMembers),
        ["MembersNamedBy"] = team.MembersNamedBy,
    };

    public static Team ToTeam(TableEntity e) => new(
        e.GetString("Id"),
        e.GetString("Name"),
        List(e.GetString("Owners")),
        List(e.GetString("Members")),
        e.GetString("Channels") is { } channels ? JsonSerializer.Deserialize<TeamChannels>(channels) ?? TeamChannels.None : TeamChannels.None,
        e.GetString("Onboarding") is { } onboarding ? JsonSerializer.Deserialize<OnboardingAcceptance>(onboarding) : null,
        List(e.GetString("PausedWorkflows")))
    {
        // Rows written before roster sync have none of these: explicit members only.
        MembersFrom = Enum.TryParse<MembersFrom>(e.GetString("MembersFrom"), out var from) ? from : MembersFrom.Explicit,
        ChannelMembers = List(e.GetString("ChannelMembers")),
        MembersNamedBy = e.GetString("MembersNamedBy"),
    };

    public static TableEntity FromPool(Pool pool) => new(pool.TeamId.ToLowerInvariant(), pool.Id.ToLowerInvariant())
    {
        ["TeamId"] = pool.TeamId,
        ["Id"] = pool.Id,
        ["Kind"] = pool.Kind.ToString(),
        ["Stage"] = pool.Stage.ToString(),
        ["AmountMicros"] = pool.Amount.ToMicros(),
        ["Currency"] = pool.Amount.Currency,
        ["Period"] = pool.Period.ToString(),
        ["Start"] = pool.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["End"] = pool.End?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["SoftLimitMilli"] = (long)(pool.SoftLimitPercent * 1000m),
        ["HardLimitMilli"] = (long)(pool.HardLimitPercent * 1000m),
        ["Thresholds"] = JsonSerializer.Serialize(pool.Thresholds),
        ["Workflows"] = Json(pool.Workflows),
    };

    public static Pool ToPool(TableEntity e) => new(
        e.GetString("TeamId"),
        e.GetString("Id"),
        Enum.Parse<PoolKind>(e.GetString("Kind")),
        Enum.Parse<PoolStage>(e.GetString("Stage")),
        new Core.Money.Money(LedgerRowMapper.FromMicros(e.GetInt64("AmountMicros") ?? 0), e.GetString("Currency")),
        Enum.Parse<PeriodKind>(e.GetString("Period")),
        DateOnly.ParseExact(e.GetString("Start"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        e.GetString("End") is { } end ? DateOnly.ParseExact(end, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        (e.GetInt64("SoftLimitMilli") ?? 100_000) / 1000m,
        (e.GetInt64("HardLimitMilli") ?? 100_000) / 1000m,
        JsonSerializer.Deserialize<decimal[]>(e.GetString("Thresholds") ?? "[]") ?? [],
        List(e.GetString("Workflows")));

    public static TableEntity FromPerson(Person person) => new(All, person.Id.ToLowerInvariant())
    {
        ["Id"] = person.Id,
        ["DisplayName"] = person.DisplayName,
        ["Email"] = person.Email,
        ["TeamsAadObjectId"] = person.TeamsAadObjectId,
        ["SlackUserId"] = person.SlackUserId,
        ["Roles"] = Json(person.Roles),
    };

    public static Person ToPerson(TableEntity e) => new(
        e.GetString("Id"),
        e.GetString("DisplayName"),
        e.GetString("Email"),
        e.GetString("TeamsAadObjectId"),
        e.GetString("SlackUserId"),
        List(e.GetString("Roles")));

    /// <summary>Prices are keyed by model and effective date: a new date adds history, the same date corrects it.</summary>
    public static TableEntity FromPrice(ModelPrice price) => new(LedgerKeys.Escape(price.Model.ToLowerInvariant()), price.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
    {
        ["Model"] = price.Model,
        ["Provider"] = price.Provider,
        ["Tier"] = price.Tier.ToString(),
        // Per-million prices need more precision than money amounts: nano-units per million tokens.
        ["InputNanosPerMillion"] = Nanos(price.InputPerMillion),
        ["OutputNanosPerMillion"] = Nanos(price.OutputPerMillion),
        ["CachedInputNanosPerMillion"] = price.CachedInputPerMillion is { } cached ? Nanos(cached) : null,
    };

    public static ModelPrice ToPrice(TableEntity e) => new(
        e.GetString("Model"),
        e.GetString("Provider"),
        Enum.Parse<ModelTier>(e.GetString("Tier")),
        FromNanos(e.GetInt64("InputNanosPerMillion") ?? 0),
        FromNanos(e.GetInt64("OutputNanosPerMillion") ?? 0),
        e.GetInt64("CachedInputNanosPerMillion") is { } cached ? FromNanos(cached) : null,
        DateOnly.ParseExact(e.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static long Nanos(decimal amount) => checked((long)decimal.Round(amount * 1_000_000_000m, 0, MidpointRounding.AwayFromZero));

    private static decimal FromNanos(long nanos) => nanos / 1_000_000_000m;

    private static string Json(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    private static string[] List(string? json) => json is null ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
