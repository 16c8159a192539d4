using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline;
using Pulse.TestSupport;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ingestor;

/// <summary>Consumers, sinks and stream entries for the stream tests, on one real Redis.</summary>
public sealed class StreamTestKit(IConnectionMultiplexer redis) : IAsyncDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public string Stream { get; } = EventStreamNames.Key;

    public IDatabase Database => redis.GetDatabase();

    public ConsumerHealth Health { get; } = new(TimeProvider.System);

    public DeadLetters DeadLetters => new(redis, TimeProvider.System);

    public StreamInspector Inspector => new(redis, TimeProvider.System);

    public IngestorMetrics Metrics => new(services.GetRequiredService<IMeterFactory>());

    public StreamConsumerOptions Options(string consumerName = "replica-1", int batchSize = 100, int claimIdleMs = 60_000, int maxAttempts = 5) => new()
    {
        StreamKey = Stream,
        ConsumerName = consumerName,
        BatchSize = batchSize,
        IdlePollMs = 10,
        ErrorBackoffMs = 10,
        ClaimIdleMs = claimIdleMs,
        ClaimIntervalMs = 100,
        MaxAttempts = maxAttempts,
    };

    public GroupConsumer Consumer(IEventBatchSink sink, StreamConsumerOptions? options = null, IngestorMetrics? metrics = null) =>
        new(redis, sink, options ?? Options(), DeadLetters, metrics ?? Metrics, Health, TimeProvider.System, NullLogger.Instance);

    /// <summary>Runs <paramref name="consumer"/> until <paramref name="done"/> holds, then stops it.</summary>
    public static async Task RunUntilAsync(GroupConsumer consumer, Func<Task<bool>> done, string what)
    {
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => consumer.RunAsync(stop.Token), TestContext.Current.CancellationToken);
        try
        {
            await Eventually.ReturnsAsync(done, finished => finished, TimeSpan.FromSeconds(30), what);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <returns>The events added, in stream order.</returns>
    public async Task<PipelineEvent[]> AddAsync(int count, string? traceParent = null)
    {
        var events = new PipelineEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = Event();
            await AddRawAsync(PipelineJson.Serialize(events[i]), traceParent);
        }
        return events;
    }

    public Task<RedisValue> AddRawAsync(string payload, string? traceParent = null) =>
        traceParent is null
            ? Database.StreamAddAsync(Stream, EventStreamNames.PayloadField, payload)
            : Database.StreamAddAsync(Stream, [new(EventStreamNames.PayloadField, payload), new(EventStreamNames.TraceParentField, traceParent)]);

    public static PipelineEvent Event(DateTimeOffset? receivedAt = null) =>
        new(Guid.CreateVersion7(), "session_start", 1, null, null, DateTimeOffset.UtcNow, receivedAt ?? DateTimeOffset.UtcNow, null, null, null);

    /// <summary>The group's state; null when it does not exist (StreamGroupInfo is a struct: SingleOrDefault alone would give an empty one).</summary>
    public async Task<StreamGroupInfo?> GroupAsync(string group) =>
        await Database.KeyExistsAsync(Stream)
            ? (await Database.StreamGroupInfoAsync(Stream)).Where(info => info.Name == group).Select(info => (StreamGroupInfo?)info).SingleOrDefault()
            : null;

    public async Task<bool> AllAcknowledgedAsync(string group) => (await GroupAsync(group))?.PendingMessageCount == 0;

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>A sink that records what it stored, and fails as told: transiently, on a poison event, or on one it can never store.</summary>
public sealed class RecordingSink(
    string group, int transientFailures = 0, Func<PipelineEvent, bool>? poison = null, Func<PipelineEvent, bool>? unstorable = null) : IEventBatchSink
{
    private int attempts;
    private volatile string? refuseEverything;

    /// <summary>From now on every write fails with <paramref name="error"/>, as a store that refuses everything alike (null: stop).</summary>
    public void RefuseEverything(string? error) => refuseEverything = error;

    public string Group => group;

    public ConcurrentQueue<Guid> Stored { get; } = new();

    public ConcurrentQueue<int> Batches { get; } = new();

    public List<Guid> Ids => [.. Stored];

    public List<int> BatchSizes => [.. Batches];

    public int Attempts => Volatile.Read(ref attempts);

    public Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref attempts) <= transientFailures)
        {
            throw new TimeoutException("the store is down");
        }
        if (refuseEverything is { } error)
        {
            throw new InvalidOperationException(error);
        }
        if (poison is not null && events.Any(poison))
        {
            throw new InvalidOperationException(PoisonError);
        }
        if (unstorable is not null && events.Any(unstorable))
        {
            throw new FormatException("this event has no form the store takes");
        }
        Batches.Enqueue(events.Count);
        foreach (var @event in events)
        {
            Stored.Enqueue(@event.Id);
        }
        return Task.CompletedTask;
    }

    public bool IsTransient(Exception exception) => exception is TimeoutException;

    public bool IsUnstorable(Exception exception) => exception is FormatException;

    /// <summary>The poison event's error is a constraint it breaks, like a check constraint in PostgreSQL.</summary>
    public bool IsEntryFault(Exception exception) => exception is InvalidOperationException { Message: PoisonError };

    public const string PoisonError = "this event breaks a constraint";
}
