using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Ingestor;
using Pulse.Pipeline;
using Pulse.Pipeline.Privacy;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// Taking a user out of a real stream with two consumer groups, and out of the dead letters: what is
/// deleted, what is replaced by a rewritten copy and for which group, and what is left alone.
/// </summary>
public sealed class StreamErasureTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string EventLog = EventStreamNames.Groups.EventLog;
    private const string Aggregates = EventStreamNames.Groups.Aggregates;
    private const string Reader = "replica-1";
    private const long Erased = 7;
    private const long Other = 8;
    private const long Bystander = 9;
    private const long Pseudonym = -77;

    private readonly StreamTestKit kit = new(redis.Connection);

    private IDatabase Database => kit.Database;

    [Fact]
    public async Task Erasing_deletes_what_both_groups_stored_and_the_users_own_pending_entry_and_rewrites_what_a_group_still_needs()
    {
        var stream = await CraftAsync();
        await ErasedUsers.MarkAsync(Database, Erased, ErasedUser.Erased);

        var counts = await StreamErasure.EraseFromStreamAsync(Database, kit.Stream, Erased, ErasedUser.Erased, TestContext.Current.CancellationToken);

        Assert.Equal(new StreamErasureCounts(Deleted: 3, Rewritten: 2), counts);
        var entries = await Database.StreamRangeAsync(kit.Stream);
        Assert.Equal(3, entries.Length);
        AssertUntouched(stream.Originals[stream.Unrelated], entries[0]);
        AssertCopy(stream.Events[stream.TargetPendingInAggregates] with { TargetUserId = null }, Aggregates, entries[1]);
        AssertCopy(stream.Events[stream.TargetNotDelivered] with { TargetUserId = null }, null, entries[2]);
        // The erased user's own entry left eventlog's pending list with the entry, so no consumer finds it lost.
        Assert.Equal([stream.Unrelated], await PendingAsync(EventLog));
        Assert.Empty(await PendingAsync(Aggregates));

        var sink = new RecordingSink(EventLog);
        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => await kit.AllAcknowledgedAsync(EventLog) && sink.Ids.Count == 2, "eventlog to store what is left for it");
        Assert.Equal([stream.Events[stream.Unrelated].Id, stream.Events[stream.TargetNotDelivered].Id], sink.Ids);
        Assert.Equal(0, await Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
    }

    [Fact]
    public async Task Anonymising_deletes_only_what_both_groups_stored_and_gives_every_group_that_needs_an_entry_a_copy_under_the_pseudonym()
    {
        var stream = await CraftAsync();
        var how = ErasedUser.AnonymisedAs(Pseudonym);

        var counts = await StreamErasure.EraseFromStreamAsync(Database, kit.Stream, Erased, how, TestContext.Current.CancellationToken);

        Assert.Equal(new StreamErasureCounts(Deleted: 2, Rewritten: 3), counts);
        var entries = await Database.StreamRangeAsync(kit.Stream);
        Assert.Equal(4, entries.Length);
        AssertUntouched(stream.Originals[stream.Unrelated], entries[0]);
        AssertCopy(stream.Events[stream.OwnPendingInEventLog] with { UserId = Pseudonym }, EventLog, entries[1]);
        AssertCopy(stream.Events[stream.TargetPendingInAggregates] with { TargetUserId = Pseudonym }, Aggregates, entries[2]);
        AssertCopy(stream.Events[stream.TargetNotDelivered] with { TargetUserId = Pseudonym }, null, entries[3]);
        Assert.Equal([stream.Unrelated], await PendingAsync(EventLog));
        Assert.Empty(await PendingAsync(Aggregates));
    }

    [Fact]
    public async Task A_stream_that_does_not_name_the_user_is_left_exactly_as_it_was()
    {
        await Database.StreamCreateConsumerGroupAsync(kit.Stream, EventLog, StreamPosition.Beginning, createStream: true);
        await AddAsync(Other, Bystander);
        await AddAsync(Bystander, null);
        await Database.StreamReadGroupAsync(kit.Stream, EventLog, Reader, StreamPosition.NewMessages, 1);
        var before = await Database.StreamRangeAsync(kit.Stream);

        var counts = await StreamErasure.EraseFromStreamAsync(Database, kit.Stream, Erased, ErasedUser.Erased, TestContext.Current.CancellationToken);

        Assert.Equal(new StreamErasureCounts(0, 0), counts);
        Assert.Equal(Describe(before), Describe(await Database.StreamRangeAsync(kit.Stream)));
        Assert.Equal([before[0].Id], await PendingAsync(EventLog));
    }

    [Fact]
    public async Task Dead_letters_of_the_erased_user_are_deleted_and_those_targeting_them_lose_the_target_keeping_what_failed_them()
    {
        var letters = await DeadLetterAsync();

        var counts = await StreamErasure.EraseFromDeadLettersAsync(Database, Erased, ErasedUser.Erased, TestContext.Current.CancellationToken);

        Assert.Equal(new StreamErasureCounts(Deleted: 1, Rewritten: 1), counts);
        var remaining = await Database.StreamRangeAsync(EventStreamNames.DeadLetterKey);
        Assert.Equal(2, remaining.Length);
        AssertUntouched(letters.Originals[letters.Unrelated], remaining[0]);
        AssertRewrittenLetter(letters.Targeting, letters.Events[letters.Targeting] with { TargetUserId = null }, remaining[1]);
    }

    [Fact]
    public async Task Anonymised_dead_letters_keep_their_events_under_the_pseudonym()
    {
        var letters = await DeadLetterAsync();

        var counts = await StreamErasure.EraseFromDeadLettersAsync(Database, Erased, ErasedUser.AnonymisedAs(Pseudonym), TestContext.Current.CancellationToken);

        Assert.Equal(new StreamErasureCounts(Deleted: 0, Rewritten: 2), counts);
        var remaining = await Database.StreamRangeAsync(EventStreamNames.DeadLetterKey);
        Assert.Equal(3, remaining.Length);
        AssertUntouched(letters.Originals[letters.Unrelated], remaining[0]);
        AssertRewrittenLetter(letters.Own, letters.Events[letters.Own] with { UserId = Pseudonym }, remaining[1]);
        AssertRewrittenLetter(letters.Targeting, letters.Events[letters.Targeting] with { TargetUserId = Pseudonym }, remaining[2]);
    }

    /// <summary>The stream each stream test starts from, with what each group did with each entry.</summary>
    private sealed record CraftedStream(
        RedisValue StoredByBoth,
        RedisValue TargetStoredByBoth,
        RedisValue OwnPendingInEventLog,
        RedisValue TargetPendingInAggregates,
        RedisValue Unrelated,
        RedisValue TargetNotDelivered,
        Dictionary<RedisValue, PipelineEvent> Events,
        Dictionary<RedisValue, StreamEntry> Originals);

    private async Task<CraftedStream> CraftAsync()
    {
        foreach (var group in new[] { EventLog, Aggregates })
        {
            await Database.StreamCreateConsumerGroupAsync(kit.Stream, group, StreamPosition.Beginning, createStream: true);
        }
        var storedByBoth = await AddAsync(Erased, null);
        var targetStoredByBoth = await AddAsync(Other, Erased);
        await ReadAsync(EventLog, 2, acknowledge: [storedByBoth, targetStoredByBoth]);
        await ReadAsync(Aggregates, 2, acknowledge: [storedByBoth, targetStoredByBoth]);

        var ownPending = await AddAsync(Erased, null);
        var targetPending = await AddAsync(Other, Erased);
        var unrelated = await AddAsync(Bystander, Other);
        await ReadAsync(EventLog, 3, acknowledge: [targetPending]);
        await ReadAsync(Aggregates, 3, acknowledge: [ownPending, unrelated]);

        var notDelivered = await AddAsync(Other, Erased);
        var originals = (await Database.StreamRangeAsync(kit.Stream)).ToDictionary(entry => entry.Id);
        return new CraftedStream(storedByBoth, targetStoredByBoth, ownPending, targetPending, unrelated, notDelivered,
            originals.ToDictionary(entry => entry.Key, entry => Payload(entry.Value)), originals);
    }

    private sealed record DeadLettered(RedisValue Own, RedisValue Targeting, RedisValue Unrelated, Dictionary<RedisValue, PipelineEvent> Events, Dictionary<RedisValue, StreamEntry> Originals);

    /// <summary>Three entries aggregates failed for good, dead-lettered as the consumer does.</summary>
    private async Task<DeadLettered> DeadLetterAsync()
    {
        await Database.StreamCreateConsumerGroupAsync(kit.Stream, Aggregates, StreamPosition.Beginning, createStream: true);
        await AddAsync(Bystander, null);
        await AddAsync(Erased, null);
        await AddAsync(Other, Erased);
        foreach (var entry in await Database.StreamReadGroupAsync(kit.Stream, Aggregates, Reader, StreamPosition.NewMessages, 10))
        {
            await kit.DeadLetters.MoveAsync(kit.Stream, Aggregates, entry, RecordingSink.PoisonError, 5);
        }
        var letters = await Database.StreamRangeAsync(EventStreamNames.DeadLetterKey);
        Assert.Equal(3, letters.Length);
        return new DeadLettered(letters[1].Id, letters[2].Id, letters[0].Id,
            letters.ToDictionary(letter => letter.Id, Payload), letters.ToDictionary(letter => letter.Id));
    }

    private async Task<RedisValue> AddAsync(long userId, long? targetUserId)
    {
        var @event = new PipelineEvent(Guid.CreateVersion7(), targetUserId is null ? EventTypes.SessionStart : EventTypes.UserFollow, userId, null, targetUserId,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);
        return await kit.AddRawAsync(PipelineJson.Serialize(@event), traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    /// <summary>A consumer of <paramref name="group"/> reads the next <paramref name="count"/> entries and acknowledges the ones it stored.</summary>
    private async Task ReadAsync(string group, int count, RedisValue[] acknowledge)
    {
        var read = await Database.StreamReadGroupAsync(kit.Stream, group, Reader, StreamPosition.NewMessages, count);
        Assert.Equal(count, read.Length);
        await Database.StreamAcknowledgeAsync(kit.Stream, group, acknowledge);
    }

    private async Task<RedisValue[]> PendingAsync(string group) =>
        [.. (await Database.StreamPendingMessagesAsync(kit.Stream, group, 100, RedisValue.Null)).Select(message => message.MessageId)];

    /// <summary>The same id with the same fields, in the same order.</summary>
    private static void AssertUntouched(StreamEntry original, StreamEntry entry) => Assert.Equal(Describe([original]), Describe([entry]));

    /// <summary>A copy appended after the originals: same event id and trace context, the ids rewritten, for one group or for all.</summary>
    private static void AssertCopy(PipelineEvent expected, string? replayFor, StreamEntry entry)
    {
        Assert.Equal(expected, Payload(entry));
        Assert.Equal(replayFor, (string?)entry[EventStreamNames.ReplayForField]);
        Assert.False(entry[EventStreamNames.TraceParentField].IsNull);
    }

    private static void AssertRewrittenLetter(RedisValue originalId, PipelineEvent expected, StreamEntry letter)
    {
        Assert.NotEqual(originalId, letter.Id);
        Assert.Equal(expected, Payload(letter));
        Assert.Equal(Aggregates, (string?)letter[DeadLetterFields.Group]);
        Assert.Equal(RecordingSink.PoisonError, (string?)letter[DeadLetterFields.Error]);
        Assert.False(letter[DeadLetterFields.EntryId].IsNull);
    }

    private static PipelineEvent Payload(StreamEntry entry) => PipelineJson.Deserialize((byte[])entry[EventStreamNames.PayloadField]!);

    private static string[] Describe(StreamEntry[] entries) =>
        [.. entries.Select(entry => entry.Id + " " + string.Join(" ", entry.Values.Select(field => field.Name + "=" + field.Value)))];

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
