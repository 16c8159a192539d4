using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ingestor;

/// <summary>
/// A group's state is an operator's decision, never a replica's: replicas without a sink for a group
/// leave it holding the stream, paused and retired groups are not read, and an entry found gone
/// before its group acknowledged it is dead-lettered with the reason, never acknowledged silently.
/// </summary>
public sealed class GroupDecisionTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Aggregates = EventStreamNames.Groups.Aggregates;
    private const string EventLog = EventStreamNames.Groups.EventLog;

    private readonly StreamTestKit kit = new(redis.Connection);

    private ConsumerGroupControl Control => new(redis.Connection, TimeProvider.System);

    [Fact]
    public async Task A_replica_without_an_event_log_sink_loses_no_event_of_the_event_log()
    {
        var events = await kit.AddAsync(5);
        // Replica A read all five for the event log and crashed before acknowledging them.
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, EventLog, StreamPosition.Beginning);
        await kit.Database.StreamReadGroupAsync(kit.Stream, EventLog, "replica-a", StreamPosition.NewMessages, 10);

        // Replica B, without MongoDB, applies them to the aggregates and trims what it may.
        var aggregates = new RecordingSink(Aggregates);
        await RunReplicaAsync([aggregates], async () => aggregates.Ids.Count == 5 && await kit.AllAcknowledgedAsync(Aggregates));
        await Maintenance().TrimAsync();

        // Replica A comes back and finds every event it had read.
        var eventLog = new RecordingSink(EventLog);
        await StreamTestKit.RunUntilAsync(kit.Consumer(eventLog, kit.Options("replica-a")), () => kit.AllAcknowledgedAsync(EventLog), "replica A to finish its pending entries");

        Assert.Equal(events.Select(e => e.Id), eventLog.Ids);
        Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
    }

    [Fact]
    public async Task A_replica_without_a_sink_for_a_group_creates_it_and_reports_it_cannot_serve_it()
    {
        await kit.AddAsync(2);
        var aggregates = new RecordingSink(Aggregates);

        await RunReplicaAsync([aggregates], async () => aggregates.Ids.Count == 2 && await kit.GroupAsync(EventLog) is not null);

        var eventLog = await kit.GroupAsync(EventLog);
        Assert.Equal(((long?)2, 0), (eventLog!.Value.Lag, eventLog.Value.PendingMessageCount));
        var health = await new ConsumerHealthCheck(kit.Health).CheckHealthAsync(new(), TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Status);
        Assert.Contains("eventlog: no sink for it on this replica", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_does_not_recreate_a_retired_group_it_has_no_sink_for()
    {
        await Control.RetireAsync(kit.Stream, EventLog, "no MongoDB here", "test");
        await kit.AddAsync(1);
        var aggregates = new RecordingSink(Aggregates);

        await RunReplicaAsync([aggregates], async () => aggregates.Ids.Count == 1 && await kit.AllAcknowledgedAsync(Aggregates));

        Assert.Null(await kit.GroupAsync(EventLog));
        // Nobody needs to serve a retired group: the replica is healthy.
        var health = await new ConsumerHealthCheck(kit.Health).CheckHealthAsync(new(), TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task A_paused_group_is_not_read_until_it_is_resumed_and_then_reads_on_where_it_stopped()
    {
        var before = await kit.AddAsync(2);
        await Control.PauseAsync(kit.Stream, Aggregates, "PostgreSQL upgrade", "test");
        var sink = new RecordingSink(Aggregates);
        using var stop = new CancellationTokenSource();
        var consumer = kit.Consumer(sink);
        var running = Task.Run(() => consumer.RunAsync(stop.Token), TestContext.Current.CancellationToken);
        try
        {
            await Eventually.ReturnsAsync(() => Task.FromResult(kit.Health.Groups.GetValueOrDefault(Aggregates)?.Held), held => held is not null, TimeSpan.FromSeconds(10), "the consumer to see the pause");
            var after = await kit.AddAsync(1);
            Assert.Empty(sink.Ids);
            Assert.StartsWith("paused by test", kit.Health.Groups[Aggregates].Held, StringComparison.Ordinal);

            await Control.ResumeAsync(kit.Stream, Aggregates);
            await Eventually.ReturnsAsync(async () => sink.Ids.Count == 3 && await kit.AllAcknowledgedAsync(Aggregates), done => done, TimeSpan.FromSeconds(30), "the resumed group to read every entry");

            Assert.Equal([.. before.Select(e => e.Id), .. after.Select(e => e.Id)], sink.Ids);
            Assert.Null(kit.Health.Groups[Aggregates].Held);
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task A_retired_group_is_not_read_nor_recreated_by_a_replica_with_a_sink_for_it()
    {
        await kit.AddAsync(2);
        await Control.RetireAsync(kit.Stream, Aggregates, null, "test");
        var sink = new RecordingSink(Aggregates);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), () => Task.FromResult(kit.Health.Groups.GetValueOrDefault(Aggregates)?.Held is not null), "the consumer to see the retirement");

        Assert.Empty(sink.Ids);
        Assert.Null(await kit.GroupAsync(Aggregates));
    }

    [Fact]
    public async Task A_resumed_retired_group_is_recreated_from_the_oldest_entry_the_stream_still_holds()
    {
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, Aggregates, StreamPosition.Beginning, createStream: true);
        await Control.RetireAsync(kit.Stream, Aggregates, null, "test");
        var kept = await kit.AddAsync(2);

        var changed = await Control.ResumeAsync(kit.Stream, Aggregates);
        var sink = new RecordingSink(Aggregates);
        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Ids.Count == 2 && await kit.AllAcknowledgedAsync(Aggregates), "the recreated group to read the stream");

        Assert.Equal((ConsumerGroupState.Retired, ConsumerGroupState.Running), (changed.Before, changed.After));
        Assert.Equal(kept.Select(e => e.Id), sink.Ids);
        Assert.Null(await GroupDecisions.ReadAsync(kit.Database, Aggregates));
    }

    [Fact]
    public async Task A_pending_entry_found_gone_from_the_stream_is_dead_lettered_with_the_reason()
    {
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, Aggregates, StreamPosition.Beginning, createStream: true);
        await kit.AddAsync(3);
        var read = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "replica-1", StreamPosition.NewMessages, 10);
        // Someone trimmed the stream under the group (a manual XTRIM, a MAXLEN elsewhere).
        await kit.Database.StreamTrimAsync(kit.Stream, 1);
        var sink = new RecordingSink(Aggregates);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), () => kit.AllAcknowledgedAsync(Aggregates), "the pending entries to be settled");

        Assert.Equal([read[2].Id], (await kit.Database.StreamRangeAsync(kit.Stream)).Select(entry => entry.Id));
        Assert.Single(sink.Ids);
        var deadLetters = await kit.DeadLetters.ListAsync(10);
        Assert.Equal([read[0].Id.ToString(), read[1].Id.ToString()], deadLetters.Select(letter => letter.EntryId));
        Assert.All(deadLetters, letter =>
        {
            Assert.Null(letter.Event);
            Assert.StartsWith($"Gone from {kit.Stream} before aggregates acknowledged it", letter.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_replay_leaves_dead_letters_without_an_event_or_of_a_retired_group_where_they_are()
    {
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, Aggregates, StreamPosition.Beginning, createStream: true);
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, EventLog, StreamPosition.Beginning);
        await kit.AddAsync(3);
        var aggregates = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "replica-1", StreamPosition.NewMessages, 10);
        var eventLog = await kit.Database.StreamReadGroupAsync(kit.Stream, EventLog, "replica-1", StreamPosition.NewMessages, 10);
        await kit.DeadLetters.MoveAsync(kit.Stream, Aggregates, new StreamEntry(aggregates[0].Id, null!), "gone", 0);
        await kit.DeadLetters.MoveAsync(kit.Stream, EventLog, eventLog[1], "index conflict", 5);
        await kit.DeadLetters.MoveAsync(kit.Stream, Aggregates, aggregates[2], "check constraint", 5);
        await Control.RetireAsync(kit.Stream, EventLog, null, "test");

        var replayed = await kit.DeadLetters.ReplayAsync(kit.Stream, 10);

        Assert.Equal(new DeadLettersReplayed(1, 2, 2), replayed);
        Assert.Equal(["gone", "index conflict"], (await kit.DeadLetters.ListAsync(10)).Select(letter => letter.Error));
    }

    private async Task RunReplicaAsync(IEventBatchSink[] sinks, Func<Task<bool>> done)
    {
        var consumers = new EventStreamConsumers(redis.Connection, sinks, Options.Create(kit.Options("replica-b")), kit.DeadLetters, kit.Metrics, kit.Health,
            TimeProvider.System, NullLoggerFactory.Instance);
        await consumers.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Eventually.ReturnsAsync(done, finished => finished, TimeSpan.FromSeconds(30), "the replica to do its work");
        }
        finally
        {
            await consumers.StopAsync(CancellationToken.None);
        }
    }

    private StreamMaintenance Maintenance() =>
        new(redis.Connection, kit.Inspector, Options.Create(kit.Options()), kit.Metrics, TimeProvider.System, NullLogger<StreamMaintenance>.Instance);

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
