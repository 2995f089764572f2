using AiBudgetBot.Api;
using AiBudgetBot.Approvals;
using AiBudgetBot.Chat;
using AiBudgetBot.Hosting;
using AiBudgetBot.Ingestion;
using AiBudgetBot.Limits;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Slack;
using AiBudgetBot.Storage;
using AiBudgetBot.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.AddOrganization();
builder.AddStorage();
builder.AddBudgets();
builder.AddLimits();
builder.AddTeams();
builder.AddSlack();
builder.AddChat();
builder.AddApprovals();
builder.AddScheduling();

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

app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
