// Benchmarks entry point; the measurements arrive with the ingestion benchmark.
Console.WriteLine("usage: dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- <benchmark>");
