using AiBudgetBot.Admin;
using AiBudgetBot.Approvals;
using AiBudgetBot.Charts;
using AiBudgetBot.Chat;
using AiBudgetBot.Connectors;
using AiBudgetBot.Digests;
using AiBudgetBot.Demo;
using AiBudgetBot.Health;
using AiBudgetBot.Http;
using AiBudgetBot.Imports;
using AiBudgetBot.Limits;
using AiBudgetBot.Notifications;
using AiBudgetBot.Organization;
using AiBudgetBot.Outcomes;
using AiBudgetBot.Playground;
using AiBudgetBot.Policy;
using AiBudgetBot.Roster;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Slack;
using AiBudgetBot.Status;
using AiBudgetBot.Storage;
using AiBudgetBot.Teams;
using AiBudgetBot.Telemetry;
using AiBudgetBot.Usage;

// A table of contents: each capability folder registers its services (AddXxx) and maps its
// endpoints (MapXxx). docs/architecture.md, "Where things live", says how to add one.
var builder = WebApplication.CreateBuilder(args);

builder.AddOrganization();
builder.AddTelemetry();
builder.AddHttpEdge();
builder.AddStorage();
builder.AddCharts();
builder.AddNotifications();
builder.AddAdmin();
builder.AddPolicy();
builder.AddLimits();
builder.AddUsage();
builder.AddStatus();
builder.AddTeams();
builder.AddSlack();
builder.AddChat();
builder.AddApprovals();
builder.AddOutcomes();
builder.AddScheduling();
builder.AddDigests();
builder.AddRoster();
builder.AddImports();
builder.AddConnectors();
builder.AddDemo();
builder.AddPlayground();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiAccess();
app.MapHealth();
app.MapTelemetry();
app.MapUsageApi();
app.MapAuthorizeApi();
app.MapStatusApi();
app.MapAdminApi();
app.MapApprovalsApi();
app.MapOutcomesApi();
app.MapJobsApi();
app.MapRosterApi();
app.MapImportsApi();
app.MapReconciliationApi();
app.MapChartsApi();
app.MapTeams();
app.MapSlack();
app.MapPlayground();

// A command-line verb runs with the same configuration and exits instead of serving.
if (FocusCommand.IsInvoked(args))
{
    Environment.ExitCode = await FocusCommand.RunAsync(app.Services, args, Console.Out);
    return;
}

app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
