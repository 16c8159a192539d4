using Pulse.LoadGen.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("pulse-loadgen");
    config.AddCommand<BenchSqlCommand>("bench-sql")
        .WithDescription("Measure every analytics query's latency (p50/p95) and plan on a seeded database.");
});
return await app.RunAsync(args);
