using System.Globalization;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Outcomes;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>Puts spend from the ledger next to the current outcomes, month by month, and hands them to <see cref="RoiCalculator"/>.</summary>
public sealed class RoiService(
    DirectoryStore directory,
    TeamSpendReader spend,
    OutcomeStore outcomes,
    IOptions<OutcomesOptions> options,
    IOptions<OrganizationOptions> organization,
    TimeProvider time) : ITeamRoi
{
    /// <summary>Teams read at once by <see cref="ForAllTeamsAsync"/>.</summary>
    private const int AllTeamsReadsAtOnce = 8;

    public async Task<RoiReport?> ForTeamAsync(string teamId, string month, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(d => d.FindTeam(teamId) is not null, cancellationToken);
        return snapshot.FindTeam(teamId) is { } team ? await ReportAsync(snapshot, team, month, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<RoiReport>> ForAllTeamsAsync(string month, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var teams = snapshot.Teams.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        var reports = new RoiReport[teams.Length];
        // The weekly digest asks for every team: a few point reads each, so in parallel, but
        // bounded so a 500-team digest does not queue thousands of reads on the store at once.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, teams.Length),
            new ParallelOptions { MaxDegreeOfParallelism = AllTeamsReadsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) => reports[i] = await ReportAsync(snapshot, teams[i], month, ct));
        return reports;
    }

    public string LastFullMonth()
    {
        var calendar = organization.Value.Calendar();
        var current = calendar.Containing(time.GetUtcNow(), PeriodKind.Monthly);
        return current.FirstDay.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>"yyyy-MM" of today in the organization's zone.</summary>
    public string CurrentMonth() => organization.Value.Calendar().Containing(time.GetUtcNow(), PeriodKind.Monthly).Key;

    private async Task<RoiReport> ReportAsync(BudgetDirectory snapshot, Team team, string month, CancellationToken cancellationToken)
    {
        var settings = options.Value.For(team.Id);
        var months = TeamSpendReader.MonthsEndingWith(month, RoiCalculator.MonthsNeeded(settings));
        var spendByMonth = await spend.ReadAsync(snapshot, team, months, cancellationToken);
        var outcomesByMonth = await Task.WhenAll(months.Select(m => outcomes.ForMonthAsync(team.Id, m, cancellationToken)));
        var teamMonths = months.Select((m, i) => new TeamMonth(m, spendByMonth[i], OutcomeRules.Current(outcomesByMonth[i]))).ToList();
        return RoiCalculator.Report(team.Id, teamMonths, settings, organization.Value.Currency);
    }
}
