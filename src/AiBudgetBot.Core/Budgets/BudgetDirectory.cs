using AiBudgetBot.Core.Pricing;

namespace AiBudgetBot.Core.Budgets;

/// <summary>An immutable snapshot of who and what the organization budgets: teams, pools, people and prices.</summary>
public sealed class BudgetDirectory
{
    private readonly Dictionary<string, Team> _teams;
    private readonly Dictionary<string, Pool[]> _pools;
    private readonly Dictionary<string, Person> _people;

    public BudgetDirectory(IEnumerable<Team> teams, IEnumerable<Pool> pools, IEnumerable<Person> people, PriceCatalog prices)
    {
        _teams = teams.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        _pools = pools.GroupBy(p => p.TeamId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray(), StringComparer.OrdinalIgnoreCase);
        _people = people.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        Prices = prices;
    }

    public static BudgetDirectory Empty { get; } = new([], [], [], PriceCatalog.Empty);

    public PriceCatalog Prices { get; }

    public IEnumerable<Team> Teams => _teams.Values;

    public IEnumerable<Person> People => _people.Values;

    public Team? FindTeam(string id) => _teams.GetValueOrDefault(id);

    public Person? FindPerson(string id) => _people.GetValueOrDefault(id);

    public IReadOnlyList<Pool> PoolsOf(string teamId) => _pools.GetValueOrDefault(teamId) ?? [];

    public Pool? FindPool(string teamId, string poolId) =>
        PoolsOf(teamId).FirstOrDefault(p => string.Equals(p.Id, poolId, StringComparison.OrdinalIgnoreCase));
}
