using Pulse.LoadGen.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("pulse-loadgen");
    config.AddCommand<SeedCommand>("seed")
        .WithDescription("Seed users, posts and follows, then send historical events for the last days through the Api.");
    config.AddCommand<BenchSqlCommand>("bench-sql")
        .WithDescription("Measure every analytics query's latency (p50/p95) and plan on a seeded database.");
    config.AddCommand<BenchRetentionCommand>("bench-retention")
        .WithDescription("Measure dropping a day's partition against batched DELETEs for ingested_events, and partitioning's insert cost, on copies it makes and drops.");
    config.AddCommand<BenchRedisCommand>("bench-redis")
        .WithDescription("Measure the event script's events/s, trending read latency and dedupe memory on a throwaway Redis.");
    config.AddCommand<BenchCommand>("bench")
        .WithDescription("The standard benchmark against the running stack, with the same servers' ceilings; prints Markdown and keeps it in docs/benchmarks.md.");
    config.AddCommand<BenchPipelineCommand>("bench-pipeline")
        .WithDescription("Measure the running pipeline like a client: accept rate, latency, Ingestor lag, freshness, and the aggregates sink beside its ceiling.");
    config.AddCommand<SimulateCommand>("simulate").WithDescription("Send realistic live traffic (sessions, Zipf popularity, retries) to the Api at a steady rate.");
});
return await app.RunAsync(args);
