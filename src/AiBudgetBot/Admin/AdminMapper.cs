using System.Globalization;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Organization;

namespace AiBudgetBot.Admin;

/// <summary>Turns admin shapes into domain objects, collecting every error with the field it concerns.</summary>
public static class AdminMapper
{
    public static (ModelPrice? Price, List<string> Errors) ToPrice(PriceDto dto, int index)
    {
        var errors = new List<string>();
        var at = $"prices[{index}]";
        if (string.IsNullOrWhiteSpace(dto.Model))
        {
            errors.Add($"{at}.model is required.");
        }

        var tier = ParseEnum<ModelTier>(dto.Tier, $"{at}.tier", errors, ModelTier.Standard);
        var from = ParseDate(dto.EffectiveFrom, $"{at}.effectiveFrom", errors) ?? new DateOnly(2000, 1, 1);
        if (dto.InputPerMillion is null || dto.OutputPerMillion is null)
        {
            errors.Add($"{at}: inputPerMillion and outputPerMillion are required.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var price = new ModelPrice(dto.Model!, dto.Provider ?? "", tier, dto.InputPerMillion!.Value, dto.OutputPerMillion!.Value, dto.CachedInputPerMillion, from);
        errors.AddRange(price.Validate().Select(e => $"{at}: {e}"));
        return (errors.Count == 0 ? price : null, errors);
    }

    public static (Person? Person, List<string> Errors) ToPerson(string id, PersonDto dto)
    {
        var errors = new List<string>();
        if (!Identifier.IsValid(id))
        {
            errors.Add($"person id '{id}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }

        var person = new Person(id, string.IsNullOrWhiteSpace(dto.DisplayName) ? id : dto.DisplayName!, dto.Email, dto.TeamsAadObjectId, dto.SlackUserId, dto.Roles ?? []);
        return (errors.Count == 0 ? person : null, errors);
    }

    /// <param name="existing">The stored team, whose onboarding and paused workflows an update keeps.</param>
    public static (Team? Team, List<string> Errors) ToTeam(string id, TeamDto dto, Team? existing)
    {
        var errors = new List<string>();
        if (!Identifier.IsValid(id))
        {
            errors.Add($"team id '{id}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(dto.Name))
        {
            errors.Add("name is required.");
        }

        if (dto.Owners is null || dto.Owners.Count == 0)
        {
            errors.Add("owners must name at least one budget owner (a person id): every budget needs someone accountable.");
        }

        TeamsChannel? teams = null;
        if (dto.Channels?.Teams is { } t)
        {
            if (string.IsNullOrWhiteSpace(t.ConversationId) || !OutboundUrl.IsAllowed(t.ServiceUrl))
            {
                errors.Add("channels.teams needs a conversationId and an https serviceUrl.");
            }
            else
            {
                teams = new TeamsChannel(t.ServiceUrl!, t.ConversationId!, t.TenantId);
            }
        }

        SlackChannel? slack = null;
        if (dto.Channels?.Slack is { } s)
        {
            if (string.IsNullOrWhiteSpace(s.ChannelId))
            {
                errors.Add("channels.slack needs a channelId (e.g. C0123).");
            }
            else
            {
                slack = new SlackChannel(s.ChannelId!);
            }
        }

        var membersFrom = existing?.MembersFrom ?? MembersFrom.Explicit;
        if (dto.MembersFrom is { } from)
        {
            membersFrom = ParseEnum(from, "membersFrom", errors, membersFrom);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Team(id, dto.Name!, dto.Owners!, dto.Members ?? [], new TeamChannels(teams, slack), existing?.Onboarding, existing?.PausedWorkflows ?? [])
        {
            MembersFrom = membersFrom,
            // The channel's members stay until the next sync; turning the setting off drops them at once. Owners are never channel members.
            ChannelMembers = membersFrom == MembersFrom.Channel ? [.. (existing?.ChannelMembers ?? []).Where(m => !dto.Owners!.Contains(m, StringComparer.OrdinalIgnoreCase))] : [],
            MembersNamedBy = existing?.MembersNamedBy,
        }, errors);
    }

    public static (Pool? Pool, List<string> Errors) ToPool(string teamId, string poolId, PoolDto dto, string currency)
    {
        var errors = new List<string>();
        var kind = ParseEnum(dto.Kind, "kind", errors, PoolKind.Baseline);
        var stage = ParseEnum(dto.Stage, "stage", errors, PoolStage.Steady);
        var period = ParseEnum(dto.Period, "period", errors, kind == PoolKind.Project && dto.End is not null ? PeriodKind.Fixed : PeriodKind.Monthly);
        var start = ParseDate(dto.Start, "start", errors) ?? new DateOnly(2000, 1, 1);
        var end = dto.End is null ? (DateOnly?)null : ParseDate(dto.End, "end", errors);
        if (dto.Amount is null)
        {
            errors.Add("amount is required.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var soft = dto.SoftLimitPercent ?? 100m;
        var pool = new Pool(
            teamId,
            poolId,
            kind,
            stage,
            new Money(dto.Amount!.Value, currency),
            period,
            start,
            end,
            soft,
            dto.HardLimitPercent ?? Math.Max(soft, 100m),
            dto.Thresholds is { Count: > 0 } thresholds ? thresholds.Order().ToArray() : Pool.DefaultThresholds,
            dto.Workflows ?? []);
        errors.AddRange(PoolRules.Validate(pool, currency));
        return (errors.Count == 0 ? pool : null, errors);
    }

    private static T ParseEnum<T>(string? text, string field, List<string> errors, T fallback)
        where T : struct, Enum
    {
        if (text is null)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !text.Any(char.IsAsciiDigit))
        {
            return value;
        }

        errors.Add($"{field} '{text}' must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
        return fallback;
    }

    private static DateOnly? ParseDate(string? text, string field, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{field} '{text}' must be a date like 2026-12-01.");
        return null;
    }
}
