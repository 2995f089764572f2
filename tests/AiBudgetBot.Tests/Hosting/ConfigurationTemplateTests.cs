using System.Reflection;
using System.Text.Json;
using AiBudgetBot.Approvals;
using AiBudgetBot.Digests;
using AiBudgetBot.Demo;
using AiBudgetBot.Http;
using AiBudgetBot.Limits;
using AiBudgetBot.Notifications;
using AiBudgetBot.Organization;
using AiBudgetBot.Outcomes;
using AiBudgetBot.Playground;
using AiBudgetBot.Policy;
using AiBudgetBot.Slack;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Outbox;
using AiBudgetBot.Teams;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Hosting;

/// <summary>The registry lint for configuration: every key the template offers is one the bot reads.</summary>
public sealed class ConfigurationTemplateTests
{
    private static readonly Dictionary<string, Type> Sections = new()
    {
        [StorageOptions.Section] = typeof(StorageOptions),
        [OrganizationOptions.Section] = typeof(OrganizationOptions),
        [IngestionOptions.Section] = typeof(IngestionOptions),
        [AdminOptions.Section] = typeof(AdminOptions),
        [PolicyOptions.Section] = typeof(PolicyOptions),
        [LimitsOptions.Section] = typeof(LimitsOptions),
        [WebhookOptions.Section] = typeof(WebhookOptions),
        [OutboxOptions.Section] = typeof(OutboxOptions),
        [ApprovalsOptions.Section] = typeof(ApprovalsOptions),
        [OutcomesOptions.Section] = typeof(OutcomesOptions),
        ["Teams"] = typeof(TeamsOptions),
        ["Slack"] = typeof(SlackOptions),
        [AiBudgetBot.Charts.ChartsOptions.Section] = typeof(AiBudgetBot.Charts.ChartsOptions),
        [DigestsOptions.Section] = typeof(DigestsOptions),
        [AnalyticsOptions.Section] = typeof(AnalyticsOptions),
        [AiBudgetBot.Connectors.ConnectorsOptions.Section] = typeof(AiBudgetBot.Connectors.ConnectorsOptions),
        [AiBudgetBot.Imports.ImportsOptions.Section] = typeof(AiBudgetBot.Imports.ImportsOptions),
        [AiBudgetBot.Connectors.Reconciliation.ReconciliationOptions.Section] = typeof(AiBudgetBot.Connectors.Reconciliation.ReconciliationOptions),
        [DemoOptions.Section] = typeof(DemoOptions),
        [PlaygroundOptions.Section] = typeof(PlaygroundOptions),
        [AiBudgetBot.Roster.RosterOptions.Section] = typeof(AiBudgetBot.Roster.RosterOptions),
        [AiBudgetBot.Telemetry.TelemetryOptions.Section] = typeof(AiBudgetBot.Telemetry.TelemetryOptions),
    };

    // Every key is bound to an options class (the Teams and Slack channels also read the Digests ones directly).
    private static readonly HashSet<string> ReadDirectly = [];

    [Fact]
    public void Template_EveryKeyIsBoundToAnOptionsProperty()
    {
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(Azurite.RepositoryRoot(), "appsettings.template.json")));
        var unbound = new List<string>();
        foreach (var section in template.RootElement.EnumerateObject())
        {
            foreach (var key in Leaves(section.Value, section.Name))
            {
                if (!ReadDirectly.Contains(key) && !(Sections.TryGetValue(section.Name, out var type) && IsBound(type, key.Split(':').Skip(1).ToArray())))
                {
                    unbound.Add(key);
                }
            }
        }

        Assert.Empty(unbound);
    }

    [Fact]
    public void Template_NamesEveryContractSection()
    {
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(Azurite.RepositoryRoot(), "appsettings.template.json")));
        var sections = template.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Superset(Sections.Keys.ToHashSet(), sections);
    }

    private static bool IsBound(Type type, string[] path)
    {
        foreach (var segment in path)
        {
            if (int.TryParse(segment, out _))
            {
                type = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
                continue;
            }

            // A mapping (Connectors:OpenAI:Projects:{id}): any key binds, to the value type.
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                type = type.GetGenericArguments()[1];
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is not { CanWrite: true })
            {
                return false;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return true;
    }

    private static IEnumerable<string> Leaves(JsonElement element, string prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, $"{prefix}:{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Leaves(e, $"{prefix}:{i}")),
        _ => [prefix],
    };
}
