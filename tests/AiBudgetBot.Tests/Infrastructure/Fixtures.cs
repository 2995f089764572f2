namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>Real platform payloads copied into the repository (see Fixtures/SOURCES.md), so tests need nothing outside it.</summary>
public static class Fixtures
{
    public static string Root => Path.Combine(Azurite.RepositoryRoot(), "tests", "AiBudgetBot.Tests", "Fixtures");
}
