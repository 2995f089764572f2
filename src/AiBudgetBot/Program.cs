using AiBudgetBot.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddOrganization();

var app = builder.Build();

app.MapHealth();

app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
