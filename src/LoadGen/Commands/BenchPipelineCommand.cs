using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts.Security;
using Pulse.Contracts.Status;
using Pulse.LoadGen.Benchmarks;
using Pulse.LoadGen.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Measures the running pipeline (Api, Redis, Ingestor, PostgreSQL) from outside, like a client:
/// accept rate and latency at rising offered rates with the Ingestor's lag, freshness at a steady
/// rate, and the aggregates sink alone beside its ceiling on the same PostgreSQL. Measures only.
/// </summary>
public sealed class BenchPipelineCommand : AsyncCommand<BenchPipelineCommand.Settings>
{
    public sealed class Settings : PipelineLoadSettings
    {
        [CommandOption("--rates <EVENTS_PER_SECOND>")]
        [Description("Offered rates, comma-separated, in batches of 100.")]
        [DefaultValue("5000,10000,20000,30000,40000")]
        public override string Rates { get; init; } = "";

        [CommandOption("--step-seconds <SECONDS>")]
        [DefaultValue(15)]
        public int StepSeconds { get; init; }

        [CommandOption("--sink-only")]
        [Description("Measure only the aggregates sink and its ceiling (needs --postgres, not the Api).")]
        public bool SinkOnly { get; init; }

        public override ValidationResult Validate() => SharedProblem(keyRequired: !SinkOnly, StepSeconds) ?? ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = new Uri(settings.ApiAddress), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, settings.ApiKey);
        await using var database = NpgsqlDataSource.Create(settings.PostgresConnection!);
        try
        {
            if (settings.SinkOnly)
            {
                var (sinkUsers, sinkPosts) = await PipelineIds.ReadAsync(database, cancellationToken);
                var alone = new AggregatesSinkBenchmark(database, sinkUsers, sinkPosts);
                var sinkCeiling = await alone.RunCeilingAsync(settings.SinkBatches, 5_000, 2_000, 2, cancellationToken);
                var sinkApplied = await alone.RunSinkAsync(settings.SinkBatches, 5_000, 2_000, 2, cancellationToken);
                RenderSink(sinkApplied, sinkCeiling);
                return 0;
            }
            var status = await api.GetFromJsonAsync<SystemStatus>("/api/status", cancellationToken);
            var (users, posts) = await PipelineIds.ReadAsync(database, cancellationToken);
            if (users.Length < 2 || posts.Length == 0)
            {
                AnsiConsole.MarkupLine("[red]Cannot benchmark:[/] the database needs users and posts (seed it, e.g. --Pulse:Seed:Scale=small).");
                return 1;
            }
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"Api {settings.ApiAddress} ({string.Join(", ", status!.Stores.Select(s => $"{s.Store} {s.State}"))}); {users.Length:N0} users, {posts.Length:N0} posts; {Environment.ProcessorCount} cores shared by everything.");

            var pipeline = new PipelineBenchmark(api, users[1..], posts, markerUser: users[0]);
            var steps = new List<RateStep>();
            foreach (var rate in settings.OfferedRates)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"offering {rate:N0} events/s for {settings.StepSeconds} s...");
                steps.Add(await pipeline.OfferAsync(rate, TimeSpan.FromSeconds(settings.StepSeconds), 100, 64, cancellationToken));
            }
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"freshness at {settings.FreshnessRate:N0} events/s, {settings.Markers} markers...");
            var freshness = await pipeline.FreshnessAsync(settings.FreshnessRate, settings.Markers, cancellationToken);

            AnsiConsole.MarkupLine("aggregates sink alone and its ceiling...");
            var sink = new AggregatesSinkBenchmark(database, users, posts);
            var ceiling = await sink.RunCeilingAsync(settings.SinkBatches, 5_000, 2_000, 2, cancellationToken);
            var applied = await sink.RunSinkAsync(settings.SinkBatches, 5_000, 2_000, 2, cancellationToken);

            Render(steps, freshness, settings.FreshnessRate, applied, ceiling);
            return 0;
        }
        catch (Exception exception) when (exception is HttpRequestException or NpgsqlException or TaskCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot benchmark:[/] {exception.Message}");
            return 1;
        }
    }

    private static void Render(List<RateStep> steps, LatencySample freshness, int freshnessRate, ThroughputResult sink, ThroughputResult ceiling)
    {
        static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

        Console.WriteLine();
        Console.WriteLine("| offered events/s | accepted events/s | refused batches | POST p50 ms | POST p99 ms | aggregates lag at end | drained in s | lag bounded |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var step in steps)
        {
            var latency = step.Latency.Count > 0 ? (Ms(step.Latency.Percentile(50)), Ms(step.Latency.Percentile(99))) : ("-", "-");
            Console.WriteLine($"| {N(step.OfferedPerSecond)} | {N(step.AcceptedPerSecond)} | {step.Refused} | {latency.Item1} | {latency.Item2} | {N(step.LagAtEnd)} | {step.DrainTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} | {(step.LagBounded ? "yes" : "no")} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Freshness at {N(freshnessRate)} events/s (202 to visible in user_daily_activity through the Api, {freshness.Count} markers): p50 {Ms(freshness.Percentile(50))} ms, p95 {Ms(freshness.Percentile(95))} ms, max {Ms(freshness.Max)} ms.");
        RenderSink(sink, ceiling);
    }

    private static void RenderSink(ThroughputResult sink, ThroughputResult ceiling)
    {
        static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine("| PostgreSQL, 2 connections, batches of 5,000 over 2,000 posts | events/s | vs ceiling |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| {ceiling.Name} | {N(ceiling.EventsPerSecond)} | 1.00 |");
        Console.WriteLine($"| {sink.Name} | {N(sink.EventsPerSecond)} | {(sink.EventsPerSecond / ceiling.EventsPerSecond).ToString("0.00", CultureInfo.InvariantCulture)} |");
    }
}
