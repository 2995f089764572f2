namespace AiBudgetBot.Tests.Slack;

/// <summary>The shared real Azurite of the test run (see <see cref="Infrastructure.Azurite"/>).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = (await Infrastructure.Azurite.SharedAsync()).ConnectionString;

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite (Slack)";
}
