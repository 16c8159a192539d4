using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts.Security;
using Pulse.Contracts.Status;
using Pulse.LoadGen.Benchmarks;
using Pulse.LoadGen.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;
using StackExchange.Redis;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// The standard benchmark, one command: accept rate against offered rate with POST latency and the
/// Ingestor's lag over time, freshness, read latencies, the processes' CPU and memory, and the
/// ceilings of the same Redis and PostgreSQL measured in the same run. Prints Markdown and keeps
/// it in docs/benchmarks.md. Measures only.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchCommand.Settings>
{
    public sealed class Settings : PipelineLoadSettings
    {
        [CommandOption("--redis <CONNECTION>")]
        [Description("The Api's Redis, StackExchange.Redis form (or ConnectionStrings__redis), for redis-benchmark's ceiling.")]
        public string? Redis { get; init; }

        [CommandOption("--rates <EVENTS_PER_SECOND>")]
        [Description("Offered rates, comma-separated, in batches of 100.")]
        [DefaultValue("5000,10000,20000,30000")]
        public override string Rates { get; init; } = "";

        [CommandOption("--step-seconds <SECONDS>")]
        [DefaultValue(10)]
        public int StepSeconds { get; init; }

        [CommandOption("--reads <COUNT>")]
        [DefaultValue(100)]
        public int Reads { get; init; }

        [CommandOption("--output <FILE>")]
        [Description("Where the Markdown is kept (between its markers); empty: print only.")]
        [DefaultValue("docs/benchmarks.md")]
        public string Output { get; init; } = "";

        public string? RedisConnection => Redis ?? Environment.GetEnvironmentVariable("ConnectionStrings__redis");

        public override ValidationResult Validate() =>
            SharedProblem(keyRequired: true, StepSeconds)
            ?? (RedisConnection is null ? ValidationResult.Error("--redis (or ConnectionStrings__redis) is required for the Redis ceiling.")
            : Reads < 1 ? ValidationResult.Error("--reads must be positive.")
            : ValidationResult.Success());
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = new Uri(settings.ApiAddress), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, settings.ApiKey);
        await using var database = NpgsqlDataSource.Create(settings.PostgresConnection!);
        try
        {
            var redis = ConfigurationOptions.Parse(settings.RedisConnection!);
            var (host, port) = redis.EndPoints[0] switch
            {
                DnsEndPoint dns => (dns.Host, dns.Port),
                IPEndPoint ip => (ip.Address.ToString(), ip.Port),
                var other => throw new InvalidOperationException($"Cannot run redis-benchmark against {other}."),
            };
            await api.GetFromJsonAsync<SystemStatus>("/api/status", cancellationToken);
            var (users, posts) = await PipelineIds.ReadAsync(database, cancellationToken);
            var pipeline = new PipelineBenchmark(api, users[1..], posts, markerUser: users[0]);

            AnsiConsole.MarkupLine("accept rate, latency, lag and process usage...");
            var watch = new ProcessWatch(ProcessWatch.PulseProcesses);
            var lagOverTime = new List<(double, int, long)>();
            var offered = 0;
            using var sampling = new CancellationTokenSource();
            watch.Start();
            var clock = Stopwatch.StartNew();
            var sampler = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                while (await timer.WaitForNextTickAsync(sampling.Token))
                {
                    watch.Sample();
                    lagOverTime.Add((clock.Elapsed.TotalSeconds, Volatile.Read(ref offered), await pipeline.AggregatesLagAsync(sampling.Token)));
                }
            }, CancellationToken.None);
            var steps = new List<RateStep>();
            foreach (var rate in settings.OfferedRates)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  offering {rate:N0} events/s for {settings.StepSeconds} s");
                Volatile.Write(ref offered, rate);
                steps.Add(await pipeline.OfferAsync(rate, TimeSpan.FromSeconds(settings.StepSeconds), 100, 64, cancellationToken));
                Volatile.Write(ref offered, 0);
            }
            await sampling.CancelAsync();
            await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
            var processes = watch.Stop();

            AnsiConsole.MarkupLine("freshness...");
            var freshness = await pipeline.FreshnessAsync(settings.FreshnessRate, settings.Markers, cancellationToken);
            AnsiConsole.MarkupLine("reads...");
            var reads = await new ReadLatencyBenchmark(api).MeasureAsync(settings.Reads, cancellationToken);
            AnsiConsole.MarkupLine("ceilings: redis-benchmark, PostgreSQL COPY, the aggregates sink alone...");
            var redisCeiling = await CeilingBenchmarks.RedisAsync(host, port, redis.Password, cancellationToken);
            var copy = await CeilingBenchmarks.PostgresCopyAsync(database, 200_000, cancellationToken);
            var sink = await new AggregatesSinkBenchmark(database, users, posts).RunSinkAsync(settings.SinkBatches, 5_000, 2_000, 2, cancellationToken);

            var results = new StandardResults(steps, lagOverTime, freshness, settings.FreshnessRate, reads, processes, redisCeiling, copy, sink);
            var markdown = StandardReport.Render(results, await CommitAsync(), string.Join(' ', ["scripts/bench.sh", .. context.Arguments.Skip(1)]), DateTimeOffset.UtcNow);
            Console.WriteLine();
            Console.WriteLine(markdown);
            if (!string.IsNullOrWhiteSpace(settings.Output))
            {
                await StandardReport.WriteAsync(settings.Output, markdown, cancellationToken);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Written to {settings.Output}.");
            }
            return 0;
        }
        catch (Exception exception) when (exception is HttpRequestException or NpgsqlException or TaskCanceledException or InvalidOperationException or RedisException or System.Text.Json.JsonException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot benchmark:[/] {exception.Message}");
            return 1;
        }
    }

    private static async Task<string> CommitAsync()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            var commit = (await git!.StandardOutput.ReadToEndAsync()).Trim();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }
}
