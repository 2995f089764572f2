using AiBudgetBot.Admin;
using AiBudgetBot.Approvals;
using AiBudgetBot.Chat;
using AiBudgetBot.Demo;
using AiBudgetBot.Health;
using AiBudgetBot.Http;
using AiBudgetBot.Limits;
using AiBudgetBot.Notifications;
using AiBudgetBot.Organization;
using AiBudgetBot.Playground;
using AiBudgetBot.Policy;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Slack;
using AiBudgetBot.Status;
using AiBudgetBot.Storage;
using AiBudgetBot.Teams;
using AiBudgetBot.Usage;

// A table of contents: each capability folder registers its services (AddXxx) and maps its
// endpoints (MapXxx). docs/architecture.md, "Where things live", says how to add one.
var builder = WebApplication.CreateBuilder(args);

builder.AddOrganization();
builder.AddHttpEdge();
builder.AddStorage();
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
builder.AddScheduling();
builder.AddDemo();
builder.AddPlayground();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapUsageApi();
app.MapAuthorizeApi();
app.MapStatusApi();
app.MapAdminApi();
app.MapApprovalsApi();
app.MapJobsApi();
app.MapTeams();
app.MapSlack();
app.MapPlayground();

app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
