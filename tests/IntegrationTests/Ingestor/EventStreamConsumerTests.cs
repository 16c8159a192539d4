using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.Streams;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ingestor;

/// <summary>The Ingestor's consumer-group loop against a real Redis.</summary>
public sealed class EventStreamConsumerTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private const string Group = EventStreamNames.Groups.Aggregates;

    private readonly string stream = $"test:events:{Guid.NewGuid():N}";
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IDatabase Database => redis.Connection.GetDatabase();

    [Fact]
    public async Task Entries_added_before_the_group_existed_are_consumed_and_acknowledged()
    {
        var ids = await AddAsync(3);
        var sink = new RecordingSink();

        await RunUntilAsync(Consumer(sink), async () => sink.Ids.Count == 3 && (await GroupAsync()).PendingMessageCount == 0);

        Assert.Equal(ids, sink.Ids);
        var group = await GroupAsync();
        Assert.Equal(lastEntryId, group.LastDeliveredId);
    }

    [Fact]
    public async Task A_failing_sink_leaves_its_batch_pending_and_it_is_delivered_again()
    {
        var ids = await AddAsync(2);
        var sink = new RecordingSink(failuresBeforeSuccess: 2);
        var health = new ConsumerHealth(TimeProvider.System);

        await RunUntilAsync(Consumer(sink, health), async () => sink.Ids.Count == 2 && (await GroupAsync()).PendingMessageCount == 0);

        Assert.Equal(3, sink.Attempts);
        Assert.Equal(ids, sink.Ids);
        Assert.Null(health.LastError);
    }

    [Fact]
    public async Task After_a_crash_the_same_consumer_reads_its_unacknowledged_entries_first()
    {
        await Database.StreamCreateConsumerGroupAsync(stream, Group, StreamPosition.Beginning, createStream: true);
        var ids = await AddAsync(2);
        // A consumer that read both entries and died before acknowledging them.
        await Database.StreamReadGroupAsync(stream, Group, "replica-1", StreamPosition.NewMessages, 10);
        Assert.Equal(2, (await GroupAsync()).PendingMessageCount);
        var later = await AddAsync(1);

        var sink = new RecordingSink();
        await RunUntilAsync(Consumer(sink, consumerName: "replica-1"), async () => sink.Ids.Count == 3 && (await GroupAsync()).PendingMessageCount == 0);

        Assert.Equal([.. ids, .. later], sink.Ids);
    }

    [Fact]
    public async Task Entries_are_read_in_batches_of_the_configured_size()
    {
        await AddAsync(7);
        var sink = new RecordingSink();

        await RunUntilAsync(Consumer(sink, batchSize: 3), async () => sink.Ids.Count == 7 && (await GroupAsync()).PendingMessageCount == 0);

        Assert.Equal([3, 3, 1], sink.BatchSizes);
    }

    private EventStreamConsumer Consumer(IEventBatchSink sink, ConsumerHealth? health = null, string consumerName = "replica-1", int batchSize = 100) =>
        new(redis.Connection,
            sink,
            Options.Create(new StreamConsumerOptions
            {
                StreamKey = stream,
                Group = Group,
                ConsumerName = consumerName,
                BatchSize = batchSize,
                IdlePollMs = 10,
                ErrorBackoffMs = 10,
            }),
            new IngestorMetrics(services.GetRequiredService<IMeterFactory>()),
            health ?? new ConsumerHealth(TimeProvider.System),
            NullLogger<EventStreamConsumer>.Instance);

    private static async Task RunUntilAsync(EventStreamConsumer consumer, Func<Task<bool>> done)
    {
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Eventually.ReturnsAsync(done, finished => finished, Patience, "the consumer to finish its work");
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    private RedisValue lastEntryId;

    /// <returns>The ids of the events added, in stream order.</returns>
    private async Task<Guid[]> AddAsync(int count)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7();
            var @event = new PipelineEvent(ids[i], "session_start", 1, null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);
            lastEntryId = await Database.StreamAddAsync(stream, EventStreamNames.PayloadField, PipelineJson.Serialize(@event));
        }
        return ids;
    }

    private async Task<StreamGroupInfo> GroupAsync() =>
        (await Database.StreamGroupInfoAsync(stream)).Single(group => group.Name == Group);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Database.KeyDeleteAsync(stream);
        await services.DisposeAsync();
    }

    private sealed class RecordingSink(int failuresBeforeSuccess = 0) : IEventBatchSink
    {
        private int attempts;

        public ConcurrentQueue<Guid> Received { get; } = new();

        public List<Guid> Ids => [.. Received];

        public ConcurrentQueue<int> Batches { get; } = new();

        public List<int> BatchSizes => [.. Batches];

        public int Attempts => Volatile.Read(ref attempts);

        public string Group => EventStreamNames.Groups.Aggregates;

        public bool IsTransient(Exception exception) => true;

        public Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref attempts) <= failuresBeforeSuccess)
            {
                throw new InvalidOperationException("sink is down");
            }
            Batches.Enqueue(events.Count);
            foreach (var @event in events)
            {
                Received.Enqueue(@event.Id);
            }
            return Task.CompletedTask;
        }
    }
}
