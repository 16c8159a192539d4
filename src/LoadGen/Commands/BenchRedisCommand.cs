using System.ComponentModel;
using System.Globalization;
using System.Net;
using Pulse.Api.Realtime;
using Pulse.LoadGen.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;
using StackExchange.Redis;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Measures the event script's events/s at batch 1 and batch 100 beside a bare INCR + ZINCRBY +
/// XADD script and Redis's own redis-benchmark on the same server, the trending top-10 read
/// latency, and what the dedupe window costs in memory. Measures only: it asserts nothing.
/// </summary>
public sealed class BenchRedisCommand : AsyncCommand<BenchRedisCommand.Settings>
{
    private static readonly int[] BatchSizes = [1, 100];

    private const double ZipfExponent = 1.0;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("-r|--redis <CONNECTION>")]
        [Description("StackExchange.Redis connection string of a throwaway Redis: its database must be empty, and is emptied again afterwards.")]
        public string Redis { get; init; } = "";

        [CommandOption("--events <EVENTS>")]
        [Description("Events per batch-100 run (batch-1 runs send a tenth as many).")]
        [DefaultValue(200_000)]
        public int Events { get; init; }

        [CommandOption("--concurrency <CALLS>")]
        [Description("Script calls in flight at once.")]
        [DefaultValue(8)]
        public int Concurrency { get; init; }

        [CommandOption("--reads <READS>")]
        [Description("Measured trending reads per board.")]
        [DefaultValue(5_000)]
        public int Reads { get; init; }

        [CommandOption("--dedupe-sample <IDS>")]
        [Description("Event ids recorded to measure the dedupe window's memory.")]
        [DefaultValue(100_000)]
        public int DedupeSample { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Redis) ? ValidationResult.Error("--redis is required.")
            : Events < 1000 ? ValidationResult.Error("--events must be at least 1000.")
            : Concurrency < 1 ? ValidationResult.Error("--concurrency must be at least 1.")
            : Reads < 1 ? ValidationResult.Error("--reads must be at least 1.")
            : DedupeSample < 1 ? ValidationResult.Error("--dedupe-sample must be at least 1.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(settings.Redis);
        configuration.AllowAdmin = true;
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var database = redis.GetDatabase();
            if (await server.DatabaseSizeAsync(database.Database) != 0)
            {
                AnsiConsole.MarkupLine("[red]Cannot benchmark:[/] the database is not empty; point --redis at a throwaway server.");
                return 1;
            }
            var (host, port) = HostAndPort(server.EndPoint);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Redis [bold]{server.Version}[/] at {host}:{port}; {settings.Concurrency} calls in flight; {Environment.ProcessorCount} cores shared by client and server.");

            var benchmark = new RedisEventBenchmark(redis, settings.Concurrency);
            var throughput = new List<ThroughputResult>();
            IReadOnlyList<RedisBenchmarkLine> yardstick = [];
            LatencySample decayReads = null!, hourReads = null!;
            (double BytesPerId, long SampleKeyBytes) dedupe = default;
            long boardSize = 0;

            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                foreach (var batchSize in BatchSizes)
                {
                    var count = batchSize == 1 ? settings.Events / 10 : settings.Events;
                    var task = progress.AddTask(string.Create(CultureInfo.InvariantCulture, $"batch {batchSize}: {count:N0} events"), maxValue: 2);
                    var events = RedisEventLoad.Make(count, DateTimeOffset.UtcNow, seed: batchSize);
                    throughput.Add(await benchmark.RunBareAsync(events, batchSize));
                    task.Increment(1);
                    await server.FlushDatabaseAsync(database.Database);
                    // Fresh ids: the same ones would all be duplicates of the run before.
                    throughput.Add(await benchmark.RunScriptAsync(RedisEventLoad.Make(count, DateTimeOffset.UtcNow, seed: batchSize + 1), batchSize, cancellationToken));
                    task.Increment(1);
                }

                // Social traffic is not uniform: a few posts take most events, and the script
                // writes each post's counters and scores once per batch.
                var zipf = progress.AddTask(string.Create(CultureInfo.InvariantCulture, $"batch 100, Zipf {ZipfExponent}: {settings.Events:N0} events"), maxValue: 2);
                var traffic = string.Create(CultureInfo.InvariantCulture, $"Zipf s={ZipfExponent}");
                await server.FlushDatabaseAsync(database.Database);
                throughput.Add(await benchmark.RunBareAsync(RedisEventLoad.Make(settings.Events, DateTimeOffset.UtcNow, seed: 200, ZipfExponent), 100) with { Traffic = traffic });
                zipf.Increment(1);
                await server.FlushDatabaseAsync(database.Database);
                throughput.Add(await benchmark.RunScriptAsync(RedisEventLoad.Make(settings.Events, DateTimeOffset.UtcNow, seed: 201, ZipfExponent), 100, cancellationToken) with { Traffic = traffic });
                zipf.Increment(1);
                await server.FlushDatabaseAsync(database.Database);
                // The uniform batch-100 run again, so the trending reads below see its board.
                await benchmark.RunScriptAsync(RedisEventLoad.Make(settings.Events, DateTimeOffset.UtcNow, seed: 202), 100, cancellationToken);

                var reads = progress.AddTask("trending reads", maxValue: 2);
                boardSize = await database.SortedSetLengthAsync(Contracts.RedisKeys.TrendingDecay(Contracts.RedisKeys.DefaultPartition));
                decayReads = await benchmark.ReadTopAsync(TrendingWindow.Decay, 10, settings.Reads, cancellationToken);
                reads.Increment(1);
                hourReads = await benchmark.ReadTopAsync(TrendingWindow.LastHour, 10, settings.Reads, cancellationToken);
                reads.Increment(1);

                var yardstickTask = progress.AddTask("redis-benchmark", maxValue: 1);
                yardstick = await RedisBenchmarkTool.RunAsync(host, port, requests: 200_000, pipeline: 16, cancellationToken);
                yardstickTask.Increment(1);

                var memory = progress.AddTask("dedupe memory", maxValue: 1);
                await server.FlushDatabaseAsync(database.Database);
                dedupe = await benchmark.MeasureDedupeAsync(server, settings.DedupeSample, cancellationToken);
                memory.Increment(1);
            });
            await server.FlushDatabaseAsync(database.Database);

            Render(throughput, yardstick, decayReads, hourReads, boardSize, dedupe, new RealtimeOptions().DedupeWindow);
            return 0;
        }
        catch (Exception exception) when (exception is RedisException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot benchmark:[/] {exception.Message}");
            return 1;
        }
    }

    private static (string Host, int Port) HostAndPort(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        DnsEndPoint dns => (dns.Host, dns.Port),
        _ => throw new InvalidOperationException($"Cannot run redis-benchmark against {endPoint}."),
    };

    private static void Render(
        IReadOnlyList<ThroughputResult> throughput, IReadOnlyList<RedisBenchmarkLine> yardstick,
        LatencySample decayReads, LatencySample hourReads, long boardSize, (double BytesPerId, long SampleKeyBytes) dedupe, TimeSpan window)
    {
        double BareAt100(string traffic) => throughput.Single(result => result.BatchSize == 100 && result.Traffic == traffic && result.Name.StartsWith("bare", StringComparison.Ordinal)).EventsPerSecond;
        var incr = yardstick.FirstOrDefault(line => line.Command == "INCR")?.RequestsPerSecond;

        Console.WriteLine();
        Console.WriteLine("| what | traffic | batch | events | events/s | vs bare script at batch 100, same traffic | vs redis-benchmark INCR |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var result in throughput)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Traffic} | {result.BatchSize} | {result.Events:N0} | {result.EventsPerSecond:N0} | {result.EventsPerSecond / BareAt100(result.Traffic):0.00} | {(incr is { } rate ? (result.EventsPerSecond / rate).ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} |"));
        }
        foreach (var line in yardstick)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| redis-benchmark {line.Command} (-P 16, 1 command per request) | | | 200,000 | {line.RequestsPerSecond:N0} | | |"));
        }

        Console.WriteLine();
        Console.WriteLine("| trending read | posts on board | reads | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, sample) in new[] { ("top 10, decay", decayReads), ("top 10, 1h (cached merge)", hourReads) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {boardSize:N0} | {sample.Count:N0} | {sample.Percentile(50):0.000} | {sample.Percentile(99):0.000} | {sample.Max:0.000} |"));
        }

        var liveIds = 1000 * window.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dedupe: {dedupe.BytesPerId:0} bytes per remembered id (used_memory delta; MEMORY USAGE of one key: {dedupe.SampleKeyBytes} bytes). " +
            $"At 1,000 events/s a {window.TotalMinutes:0}-minute window holds {liveIds:N0} ids: {dedupe.BytesPerId * liveIds / (1024 * 1024):N0} MiB."));
    }
}
