using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline;
using Pulse.ServiceDefaults;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ingestor;

/// <summary>One consumer group's loop against a real Redis: delivery, retries, reclaiming and dead letters.</summary>
public sealed class GroupConsumerTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Group = EventStreamNames.Groups.Aggregates;

    private readonly StreamTestKit kit = new(redis.Connection);

    [Fact]
    public async Task Entries_added_before_the_group_existed_are_stored_and_acknowledged()
    {
        var events = await kit.AddAsync(3);
        var sink = new RecordingSink(Group);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Ids.Count == 3 && await kit.AllAcknowledgedAsync(Group), "the entries to be stored");

        Assert.Equal(events.Select(e => e.Id), sink.Ids);
    }

    [Fact]
    public async Task Each_stored_event_records_how_long_after_the_Api_accepted_it_it_reached_the_store()
    {
        var receivedAt = DateTimeOffset.UtcNow.AddSeconds(-30);
        for (var i = 0; i < 3; i++)
        {
            await kit.AddRawAsync(PipelineJson.Serialize(StreamTestKit.Event(receivedAt)));
        }
        var sink = new RecordingSink(Group);
        using var metrics = kit.Metrics;
        using var freshness = new MetricCollector<double>(metrics.Freshness);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink, metrics: metrics), async () => sink.Ids.Count == 3 && await kit.AllAcknowledgedAsync(Group), "the entries to be stored");

        var measured = freshness.GetMeasurementSnapshot();
        Assert.Equal(3, measured.Count);
        Assert.All(measured, measurement =>
        {
            // At least the 30 s since receipt, and not the minutes a wrong clock or unit would give.
            Assert.InRange(measurement.Value, 30, 90);
            Assert.Equal(Group, measurement.Tags["messaging.consumer.group.name"]);
        });
    }

    [Fact]
    public async Task A_store_that_is_down_leaves_the_batch_pending_and_it_is_stored_once_the_store_returns()
    {
        var events = await kit.AddAsync(2);
        var sink = new RecordingSink(Group, transientFailures: 3);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Ids.Count == 2 && await kit.AllAcknowledgedAsync(Group), "the batch to be stored after the outage");

        Assert.Equal(4, sink.Attempts);
        Assert.Equal(events.Select(e => e.Id), sink.Ids);
        Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
        Assert.Null(kit.Health.Groups[Group].LastError);
    }

    [Fact]
    public async Task After_a_crash_the_same_consumer_reads_its_unacknowledged_entries_first()
    {
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, Group, StreamPosition.Beginning, createStream: true);
        var read = await kit.AddAsync(2);
        // A consumer that read both entries and died before acknowledging them.
        await kit.Database.StreamReadGroupAsync(kit.Stream, Group, "replica-1", StreamPosition.NewMessages, 10);
        var later = await kit.AddAsync(1);
        var sink = new RecordingSink(Group);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Ids.Count == 3 && await kit.AllAcknowledgedAsync(Group), "the pending and the new entry");

        Assert.Equal([.. read.Select(e => e.Id), .. later.Select(e => e.Id)], sink.Ids);
    }

    [Fact]
    public async Task Entries_another_consumer_left_pending_too_long_are_claimed()
    {
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, Group, StreamPosition.Beginning, createStream: true);
        var abandoned = await kit.AddAsync(2);
        await kit.Database.StreamReadGroupAsync(kit.Stream, Group, "crashed-replica", StreamPosition.NewMessages, 10);
        var sink = new RecordingSink(Group);

        var consumer = kit.Consumer(sink, kit.Options(consumerName: "replica-2", claimIdleMs: 200));
        await StreamTestKit.RunUntilAsync(consumer, async () => sink.Ids.Count == 2 && await kit.AllAcknowledgedAsync(Group), "the abandoned entries to be claimed");

        Assert.Equal(abandoned.Select(e => e.Id), sink.Ids);
    }

    [Fact]
    public async Task Entries_are_read_in_batches_of_the_group_size()
    {
        await kit.AddAsync(7);
        var sink = new RecordingSink(Group);
        var options = kit.Options(batchSize: 100);
        options.BatchSizes[Group] = 3;

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink, options), async () => sink.Ids.Count == 7 && await kit.AllAcknowledgedAsync(Group), "seven entries");

        Assert.Equal([3, 3, 1], sink.BatchSizes);
    }

    [Fact]
    public async Task A_poison_entry_goes_to_the_dead_letters_after_its_attempts_without_holding_back_the_entries_behind_it()
    {
        var before = await kit.AddAsync(2);
        var poison = (await kit.AddAsync(1))[0];
        var behind = await kit.AddAsync(3);
        var sink = new RecordingSink(Group, poison: e => e.Id == poison.Id);

        var consumer = kit.Consumer(sink, kit.Options(batchSize: 100, claimIdleMs: 100, maxAttempts: 3));
        await StreamTestKit.RunUntilAsync(consumer,
            async () => await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey) == 1 && await kit.AllAcknowledgedAsync(Group),
            "the poison entry to be dead-lettered");

        Assert.Equal([.. before.Select(e => e.Id), .. behind.Select(e => e.Id)], sink.Ids);
        var dead = Assert.Single(await kit.DeadLetters.ListAsync(10));
        Assert.Equal(Group, dead.Group);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("breaks a constraint", dead.Error, StringComparison.Ordinal);
        Assert.Contains(poison.Id.ToString(), dead.Event, StringComparison.Ordinal);
        Assert.False(await kit.Database.HashExistsAsync(EventStreamNames.FailuresKey(Group), dead.EntryId));
    }

    [Fact]
    public async Task When_every_entry_fails_alike_the_store_is_at_fault_and_no_entry_counts_an_attempt_or_is_dead_lettered()
    {
        var events = await kit.AddAsync(3);
        var sink = new RecordingSink(Group);
        sink.RefuseEverything("cannot write: the tablespace is offline");
        using var stop = new CancellationTokenSource();
        var consumer = kit.Consumer(sink, kit.Options(maxAttempts: 2));
        var running = Task.Run(() => consumer.RunAsync(stop.Token), TestContext.Current.CancellationToken);
        try
        {
            // Many more rounds than the two attempts an entry at fault would get.
            await Eventually.ReturnsAsync(() => Task.FromResult(sink.Attempts), attempts => attempts >= 4 * (1 + events.Length), TimeSpan.FromSeconds(30), "the consumer to try the batch again and again");
            Assert.Contains("the tablespace is offline", kit.Health.Groups[Group].LastError, StringComparison.Ordinal);
            Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
            Assert.Equal(0, await kit.Database.HashLengthAsync(EventStreamNames.FailuresKey(Group)));

            sink.RefuseEverything(null);
            await Eventually.ReturnsAsync(async () => sink.Ids.Count == 3 && await kit.AllAcknowledgedAsync(Group), done => done, TimeSpan.FromSeconds(30), "the batch to be stored once the store is back");
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Assert.Equal(events.Select(e => e.Id), sink.Ids);
        Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
    }

    [Fact]
    public async Task An_entry_the_store_can_never_take_goes_to_the_dead_letters_on_its_first_attempt_and_holds_nothing_back()
    {
        var before = await kit.AddAsync(2);
        var unstorable = (await kit.AddAsync(1))[0];
        var behind = await kit.AddAsync(2);
        var sink = new RecordingSink(Group, unstorable: e => e.Id == unstorable.Id);

        // Reclaiming waits a minute: only dead-lettering on the first attempt ends this in time.
        var consumer = kit.Consumer(sink, kit.Options(batchSize: 100, claimIdleMs: 60_000, maxAttempts: 5));
        await StreamTestKit.RunUntilAsync(consumer,
            async () => await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey) == 1 && await kit.AllAcknowledgedAsync(Group),
            "the unstorable entry to be dead-lettered and every entry acknowledged");

        Assert.Equal([.. before.Select(e => e.Id), .. behind.Select(e => e.Id)], sink.Ids);
        var dead = Assert.Single(await kit.DeadLetters.ListAsync(10));
        Assert.Equal(1, dead.Attempts);
        Assert.StartsWith("Cannot be stored: ", dead.Error, StringComparison.Ordinal);
        Assert.Contains(unstorable.Id.ToString(), dead.Event, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_entry_goes_straight_to_the_dead_letters()
    {
        await kit.AddRawAsync("{not json");
        var good = await kit.AddAsync(1);
        var sink = new RecordingSink(Group);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Ids.Count == 1 && await kit.AllAcknowledgedAsync(Group), "the good entry");

        var dead = Assert.Single(await kit.DeadLetters.ListAsync(10));
        Assert.StartsWith("Unreadable event", dead.Error, StringComparison.Ordinal);
        Assert.Equal(good[0].Id, sink.Ids.Single());
    }

    [Fact]
    public async Task Replayed_dead_letters_come_back_with_their_trace_context()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var poison = (await kit.AddAsync(1, traceParent))[0];
        var failing = new RecordingSink(Group, poison: e => e.Id == poison.Id);
        await StreamTestKit.RunUntilAsync(kit.Consumer(failing, kit.Options(claimIdleMs: 100, maxAttempts: 1)),
            async () => await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey) == 1, "the entry to be dead-lettered");

        var replayed = await kit.DeadLetters.ReplayAsync(kit.Stream, 10);

        Assert.Equal(new(1, 0), (replayed.Replayed, replayed.Remaining));
        var fixedSink = new RecordingSink(Group);
        await StreamTestKit.RunUntilAsync(kit.Consumer(fixedSink), async () => fixedSink.Ids.Count == 1 && await kit.AllAcknowledgedAsync(Group), "the replayed entry");
        Assert.Equal(poison.Id, fixedSink.Ids.Single());
        var entries = await kit.Database.StreamRangeAsync(kit.Stream);
        Assert.Equal(traceParent, (string?)entries[^1][EventStreamNames.TraceParentField]);
    }

    [Fact]
    public async Task A_replayed_dead_letter_goes_back_to_the_group_that_failed_it_only()
    {
        var events = await kit.AddAsync(3);
        var poison = events[1];
        var aggregates = new RecordingSink(Group);
        var eventLog = new RecordingSink(EventStreamNames.Groups.EventLog, poison: e => e.Id == poison.Id);
        await StreamTestKit.RunUntilAsync(kit.Consumer(aggregates), async () => aggregates.Ids.Count == 3 && await kit.AllAcknowledgedAsync(Group), "aggregates to store all three");
        await StreamTestKit.RunUntilAsync(kit.Consumer(eventLog, kit.Options(claimIdleMs: 100, maxAttempts: 1)),
            async () => await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey) == 1 && await kit.AllAcknowledgedAsync(EventStreamNames.Groups.EventLog),
            "the event log to dead-letter the poison entry");

        await kit.DeadLetters.ReplayAsync(kit.Stream, 10);

        // Aggregates stored the event long ago (maybe past the ids it remembers): it must not see it again.
        var aggregatesAgain = new RecordingSink(Group);
        var eventLogFixed = new RecordingSink(EventStreamNames.Groups.EventLog);
        await StreamTestKit.RunUntilAsync(kit.Consumer(eventLogFixed), async () => eventLogFixed.Ids.Count == 1 && await kit.AllAcknowledgedAsync(EventStreamNames.Groups.EventLog), "the replayed entry in the event log");
        await StreamTestKit.RunUntilAsync(kit.Consumer(aggregatesAgain), async () => (await kit.GroupAsync(Group))?.Lag == 0 && await kit.AllAcknowledgedAsync(Group), "aggregates to pass the replayed entry");
        Assert.Equal(poison.Id, eventLogFixed.Ids.Single());
        Assert.Empty(aggregatesAgain.Ids);
        var replayed = (await kit.Database.StreamRangeAsync(kit.Stream))[^1];
        Assert.Equal(EventStreamNames.Groups.EventLog, (string?)replayed[EventStreamNames.ReplayForField]);
    }

    [Fact]
    public async Task Two_replays_at_once_put_each_dead_letter_back_once()
    {
        var entries = await kit.AddAsync(200);
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, Group, StreamPosition.Beginning);
        foreach (var entry in await kit.Database.StreamReadGroupAsync(kit.Stream, Group, "replica-1", StreamPosition.NewMessages, 200))
        {
            await kit.DeadLetters.MoveAsync(kit.Stream, Group, entry, "23514: check constraint", 5);
        }

        var replays = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await kit.DeadLetters.ReplayAsync(kit.Stream, 1_000)).Replayed;
            }
            catch (ReplayInProgressException)
            {
                return 0;
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(200, replays.Sum());
        Assert.Equal(400, await kit.Database.StreamLengthAsync(kit.Stream));
        Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
        Assert.False(await kit.Database.KeyExistsAsync(EventStreamNames.DeadLetterReplayLockKey));
        Assert.Equal(entries.Length, replays.Max());
    }

    [Fact]
    public async Task The_batch_span_links_to_the_trace_of_the_request_that_accepted_the_events()
    {
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        await kit.AddAsync(2, traceParent);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            // By name, not IngestorMetrics.ActivitySource: a listener added before that source exists is asked
            // about it inside its static initializer, where the field is still null.
            ShouldListenTo = source => source.Name == PulseTelemetry.IngestorSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var sink = new RecordingSink(Group);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Ids.Count == 2 && await kit.AllAcknowledgedAsync(Group), "the batch");

        Activity batch;
        lock (spans)
        {
            batch = spans.First(span => span.OperationName == $"process {Group}");
        }
        var link = Assert.Single(batch.Links);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", link.Context.TraceId.ToHexString());
    }

    [Fact]
    public async Task A_group_whose_store_is_down_does_not_hold_up_the_other_group()
    {
        var events = await kit.AddAsync(20);
        var down = new RecordingSink(Group, transientFailures: int.MaxValue);
        var eventLog = new RecordingSink(EventStreamNames.Groups.EventLog);
        using var stop = new CancellationTokenSource();
        var downRunning = Task.Run(() => kit.Consumer(down).RunAsync(stop.Token), TestContext.Current.CancellationToken);

        await StreamTestKit.RunUntilAsync(kit.Consumer(eventLog), async () => await kit.AllAcknowledgedAsync(EventStreamNames.Groups.EventLog) && eventLog.Ids.Count == 20, "the event log group to store everything");

        Assert.Equal(events.Select(e => e.Id), eventLog.Ids);
        Assert.Empty(down.Ids);
        Assert.Equal(20, (await kit.GroupAsync(Group))!.Value.PendingMessageCount);
        Assert.NotNull(kit.Health.Groups[Group].LastError);
        await stop.CancelAsync();
        await StoppedAsync(downRunning);
    }

    [Fact]
    public async Task On_shutdown_the_batch_in_flight_is_finished_and_acknowledged()
    {
        var events = await kit.AddAsync(3);
        var sink = new GatedSink(Group);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => kit.Consumer(sink).RunAsync(stop.Token), TestContext.Current.CancellationToken);
        await sink.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await stop.CancelAsync();
        sink.Release.SetResult();
        await StoppedAsync(running);

        Assert.Equal(events.Select(e => e.Id), sink.Stored);
        Assert.Equal(0, (await kit.GroupAsync(Group))!.Value.PendingMessageCount);
    }

    private static async Task StoppedAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting between rounds.
        }
    }

    /// <summary>Holds its first batch until released, as a slow commit would.</summary>
    private sealed class GatedSink(string group) : IEventBatchSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<Guid> Stored { get; } = [];

        public string Group => group;

        public async Task WriteAsync(IReadOnlyList<Contracts.Events.PipelineEvent> events, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
            Stored.AddRange(events.Select(e => e.Id));
        }

        public bool IsTransient(Exception exception) => false;

        public bool IsUnstorable(Exception exception) => false;

        public bool IsEntryFault(Exception exception) => false;
    }

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
