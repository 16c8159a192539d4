using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Api.Analytics;
using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.Pipeline.Scripts;
using Pulse.ServiceDefaults.Retention;
using StackExchange.Redis;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>What one throughput run measured.</summary>
/// <param name="Traffic">How post popularity was spread: uniform, or Zipf with its exponent.</param>
public sealed record ThroughputResult(string Name, int BatchSize, int Events, TimeSpan Elapsed, string Traffic = "uniform")
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

/// <summary>
/// Runs the Api's event script, and a bare script doing only INCR + ZINCRBY + XADD per event,
/// with several calls in flight, and reads the trending board the way the Api does.
/// </summary>
public sealed class RedisEventBenchmark(IConnectionMultiplexer redis, int concurrency)
{
    private static readonly RedisScript Bare = RedisScript.Beside<RedisEventBenchmark>("BareEvents.lua");

    private readonly IOptions<RealtimeOptions> options = Options.Create(new RealtimeOptions());

    public EventRecorder Recorder => new(redis, options, Options.Create(new EngagementOptions()), Options.Create(new RetentionOptions()), TimeProvider.System);

    public TrendingBoard Board => new(redis, options, TimeProvider.System);

    public async Task<ThroughputResult> RunScriptAsync(RealtimeEvent[] events, int batchSize, CancellationToken cancellationToken)
    {
        var recorder = Recorder;
        var elapsed = await RunAsync(events, batchSize, batch => recorder.RecordAsync(batch, cancellationToken));
        return new ThroughputResult("event script", batchSize, events.Length, elapsed);
    }

    public async Task<ThroughputResult> RunBareAsync(RealtimeEvent[] events, int batchSize)
    {
        var database = redis.GetDatabase();
        RedisKey[] keys =
        [
            RedisKeys.Benchmark(RedisKeys.DefaultPartition, "events"),
            RedisKeys.Benchmark(RedisKeys.DefaultPartition, "trending"),
            RedisKeys.Benchmark(RedisKeys.DefaultPartition, "counter"),
        ];
        var elapsed = await RunAsync(events, batchSize, batch =>
        {
            var values = new RedisValue[1 + batch.Length * 2];
            values[0] = EventStreamNames.PayloadField;
            for (var i = 0; i < batch.Length; i++)
            {
                values[1 + 2 * i] = batch[i].PostId ?? 0;
                values[2 + 2 * i] = batch[i].Json;
            }
            return Bare.EvaluateAsync(database, keys, values);
        });
        return new ThroughputResult("bare INCR+ZINCRBY+XADD", batchSize, events.Length, elapsed);
    }

    public async Task<LatencySample> ReadTopAsync(TrendingWindow window, int limit, int reads, CancellationToken cancellationToken)
    {
        var board = Board;
        for (var i = 0; i < 100; i++)
        {
            await board.TopAsync(window, limit, cancellationToken);
        }
        var latencies = new double[reads];
        for (var i = 0; i < reads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await board.TopAsync(window, limit, cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return new LatencySample(latencies);
    }

    /// <summary>Splits the events into batches that <paramref name="concurrency"/> callers send, each waiting for its answer.</summary>
    private async Task<TimeSpan> RunAsync(RealtimeEvent[] events, int batchSize, Func<RealtimeEvent[], Task> send)
    {
        var batches = events.Chunk(batchSize).ToArray();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Length)
            {
                await send(batches[index]);
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Bytes one remembered event id costs: used_memory before and after recording
    /// <paramref name="count"/> events that touch nothing but their seen key and the stream, with
    /// the stream's own share taken out, and MEMORY USAGE of one seen key.
    /// </summary>
    public async Task<(double BytesPerId, long SampleKeyBytes)> MeasureDedupeAsync(IServer server, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, count)
            .Select(_ => Guid.CreateVersion7(now).ToString())
            .Select(id => new RealtimeEvent(id, EventTypes.Search, null, now, "{}", UserId: 1))
            .ToArray();
        var before = await UsedMemoryAsync(server);
        var recorder = Recorder;
        foreach (var batch in events.Chunk(100))
        {
            await recorder.RecordAsync(batch, cancellationToken);
        }
        var database = redis.GetDatabase();
        await database.KeyDeleteAsync(RedisKeys.EventStream(RedisKeys.DefaultPartition));
        await database.KeyDeleteAsync(RedisKeys.TrendingEpoch(RedisKeys.DefaultPartition));
        // The minutes' event counts the script kept while recording are no part of an id's cost either.
        for (var minute = EventMinutes.UnixMinute(now); minute <= EventMinutes.UnixMinute(DateTimeOffset.UtcNow); minute++)
        {
            await database.KeyDeleteAsync(RedisKeys.EventsPerMinute(RedisKeys.DefaultPartition, minute));
        }
        var after = await UsedMemoryAsync(server);
        var sample = await database.ExecuteAsync("MEMORY", "USAGE", RedisKeys.SeenEvent(RedisKeys.DefaultPartition, events[0].Id));
        return ((after - before) / (double)count, (long)sample);
    }

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var info = await server.InfoAsync("memory");
        var used = info.SelectMany(group => group).Single(pair => pair.Key == "used_memory").Value;
        return long.Parse(used, CultureInfo.InvariantCulture);
    }
}
