using System.Text.Json;
using AiBudgetBot.Admin;
using AiBudgetBot.Outcomes;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;

namespace AiBudgetBot.Policy;

/// <summary>The <c>Policy</c> section.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary>Optional path of a YAML or JSON policy file applied at start.</summary>
    public string? Path { get; set; }
}

/// <summary>
/// Applies the policy file at start, through <see cref="BudgetAdmin"/> like any admin change
/// (validated, audited as "policy-file"). An invalid file stops the bot with what to fix,
/// before it serves a single request on half a policy.
/// </summary>
public sealed class PolicyFileApplier(IOptions<PolicyOptions> options, BudgetAdmin admin, OutcomeService outcomes, ILogger<PolicyFileApplier> logger) : IHostedService
{
    public const string Actor = BudgetAdmin.PolicyActor;

    // YAML scalars arrive as strings ("1000"): read numbers from strings too.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Path is not { Length: > 0 } path)
        {
            return;
        }

        var document = Read(path);
        var errors = new List<string>();
        errors.AddRange(Check(await admin.PutPricesAsync(document.Prices, Actor, cancellationToken)));
        foreach (var (id, person) in document.People)
        {
            errors.AddRange(Check(await admin.PutPersonAsync(id, person, Actor, cancellationToken), $"people.{id}"));
        }

        foreach (var (id, team) in document.Teams)
        {
            var teamResult = await admin.PutTeamAsync(id, new TeamDto(team.Name, team.Owners, team.Members, team.Channels, team.MembersFrom), Actor, cancellationToken);
            errors.AddRange(Check(teamResult, $"teams.{id}"));
            if (!teamResult.Succeeded)
            {
                continue;
            }

            foreach (var (poolId, pool) in team.Pools)
            {
                errors.AddRange(Check(await admin.PutPoolAsync(id, poolId, pool, Actor, cancellationToken), $"teams.{id}.pools.{poolId}"));
            }

            if (team.Onboarding is { } onboarding)
            {
                errors.AddRange(Check(await admin.RecordOnboardingAsync(id, onboarding, Actor, cancellationToken), $"teams.{id}.onboarding"));
            }

            for (var i = 0; i < team.Outcomes.Count; i++)
            {
                var result = await outcomes.RecordFromPolicyAsync(id, team.Outcomes[i], Actor, cancellationToken);
                errors.AddRange(result.Succeeded ? [] : result.Errors.Select(e => $"teams.{id}.outcomes[{i}]: {e}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Policy:Path {path} is not valid: {string.Join(" ", errors)}");
        }

        logger.LogInformation("Applied policy {Path}: {Prices} prices, {People} people, {Teams} teams", path, document.Prices.Count, document.People.Count, document.Teams.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static PolicyDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Policy:Path {path} does not exist.");
        }

        // YAML is a superset of JSON, so one reader takes both. The YAML tree is turned into JSON
        // and bound with System.Text.Json, so the file binds exactly as the admin API's bodies do.
        try
        {
            var tree = new DeserializerBuilder().Build().Deserialize<object?>(File.ReadAllText(path));
            var json = JsonSerializer.Serialize(tree);
            return JsonSerializer.Deserialize<PolicyDocument>(json, JsonOptions) ?? new PolicyDocument();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidOperationException($"Policy:Path {path} cannot be read at line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Policy:Path {path} has a value of the wrong type at {e.Path}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet turns an escaped lone surrogate ("\ud800") into an ArgumentOutOfRangeException.
            throw new InvalidOperationException($"Policy:Path {path} holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800): {e.Message}", e);
        }
    }

    private static IEnumerable<string> Check(AdminResult result, string? at = null) =>
        result.Succeeded ? [] : result.Errors.Select(e => at is null ? e : $"{at}: {e}");
}
