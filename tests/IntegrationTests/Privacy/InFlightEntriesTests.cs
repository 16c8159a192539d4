using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.IntegrationTests.Ingestor;
using Pulse.Pipeline;
using Pulse.Pipeline.Privacy;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// The fence an erasure waits behind, on a real Redis: entries a consumer read before the user was
/// marked and has not acknowledged, measured by Redis's own idle times.
/// </summary>
public sealed class InFlightEntriesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string EventLog = EventStreamNames.Groups.EventLog;
    private const string Aggregates = EventStreamNames.Groups.Aggregates;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    private readonly StreamTestKit kit = new(redis.Connection);

    private IDatabase Database => kit.Database;

    [Fact]
    public async Task An_entry_read_before_the_mark_and_not_acknowledged_is_in_flight_until_it_is_acknowledged()
    {
        await CreateGroupsAsync(EventLog, Aggregates);
        await kit.AddAsync(3);
        var read = await ReadAsync(EventLog, 2);
        var markedAt = await MarkAsync();

        Assert.Equal([new GroupInFlight(EventLog, 2)], await InFlightAsync(markedAt));

        await Database.StreamAcknowledgeAsync(kit.Stream, EventLog, read[0].Id);
        Assert.Equal([new GroupInFlight(EventLog, 1)], await InFlightAsync(markedAt));

        await Database.StreamAcknowledgeAsync(kit.Stream, EventLog, read[1].Id);
        Assert.Empty(await InFlightAsync(markedAt));
    }

    [Fact]
    public async Task An_entry_delivered_after_the_mark_is_not_in_flight_since_its_batch_reads_the_mark()
    {
        await CreateGroupsAsync(EventLog);
        await kit.AddAsync(2);
        await ReadAsync(EventLog, 1);
        var markedAt = await MarkAsync();
        // Redis stamps deliveries with the time it cached for the command, a little behind its TIME.
        await Eventually.ReturnsAsync(() => InFlightEntries.ServerTimeMsAsync(Database), now => now > markedAt + 50,
            TimeSpan.FromSeconds(10), "Redis's clock to pass the mark");
        await ReadAsync(EventLog, 1);

        Assert.Equal([new GroupInFlight(EventLog, 1)], await InFlightAsync(markedAt));
    }

    [Fact]
    public async Task An_entry_redelivered_after_the_mark_is_no_longer_in_flight()
    {
        await CreateGroupsAsync(EventLog);
        await kit.AddAsync(1);
        var read = await ReadAsync(EventLog, 1);
        var markedAt = await MarkAsync();
        Assert.Equal([new GroupInFlight(EventLog, 1)], await InFlightAsync(markedAt));
        // Redis stamps deliveries with the time it cached for the command, a little behind its TIME.
        await Eventually.ReturnsAsync(() => InFlightEntries.ServerTimeMsAsync(Database), now => now > markedAt + 50,
            TimeSpan.FromSeconds(10), "Redis's clock to pass the mark");

        // A consumer reading its pending entries again after a failure is a new delivery, which reads the mark.
        await Database.StreamReadGroupAsync(kit.Stream, EventLog, "replica-1", StreamIds.Zero, 10);

        Assert.Empty(await InFlightAsync(markedAt));
        Assert.Equal(read[0].Id, (await Database.StreamPendingMessagesAsync(kit.Stream, EventLog, 10, RedisValue.Null)).Single().MessageId);
    }

    [Fact]
    public async Task An_entry_idle_longer_than_abandonedAfter_is_not_waited_for()
    {
        await CreateGroupsAsync(EventLog);
        await kit.AddAsync(1);
        await ReadAsync(EventLog, 1);
        await Eventually.ReturnsAsync(async () => (await Database.StreamPendingMessagesAsync(kit.Stream, EventLog, 1, RedisValue.Null)).Single().IdleTimeInMilliseconds,
            idle => idle > 200, TimeSpan.FromSeconds(10), "the read entry to be idle past 200 ms");
        var markedAt = await MarkAsync();

        Assert.Empty(await InFlightAsync(markedAt, abandonedAfter: TimeSpan.FromMilliseconds(100)));
        Assert.Equal([new GroupInFlight(EventLog, 1)], await InFlightAsync(markedAt));
    }

    [Fact]
    public async Task A_retired_groups_pending_entries_are_not_waited_for()
    {
        await CreateGroupsAsync(EventLog, Aggregates);
        await kit.AddAsync(2);
        await ReadAsync(EventLog, 2);
        await ReadAsync(Aggregates, 1);
        await Database.HashSetAsync(EventStreamNames.GroupDecisionsKey, Aggregates,
            GroupDecisions.Serialize(new GroupDecision(ConsumerGroupState.Retired, "replaced", "admin", DateTimeOffset.UtcNow)));
        var markedAt = await MarkAsync();

        Assert.Equal([new GroupInFlight(EventLog, 2)], await InFlightAsync(markedAt));
    }

    [Fact]
    public async Task A_paused_groups_pending_entries_are_still_waited_for()
    {
        await CreateGroupsAsync(Aggregates);
        await kit.AddAsync(1);
        await ReadAsync(Aggregates, 1);
        await Database.HashSetAsync(EventStreamNames.GroupDecisionsKey, Aggregates,
            GroupDecisions.Serialize(new GroupDecision(ConsumerGroupState.Paused, "maintenance", "admin", DateTimeOffset.UtcNow)));
        var markedAt = await MarkAsync();

        Assert.Equal([new GroupInFlight(Aggregates, 1)], await InFlightAsync(markedAt));
    }

    [Fact]
    public async Task No_stream_has_nothing_in_flight()
    {
        Assert.Empty(await InFlightAsync(await MarkAsync()));
    }

    private async Task CreateGroupsAsync(params string[] groups)
    {
        foreach (var group in groups)
        {
            await Database.StreamCreateConsumerGroupAsync(kit.Stream, group, StreamPosition.Beginning, createStream: true);
        }
    }

    private async Task<StreamEntry[]> ReadAsync(string group, int count)
    {
        var read = await Database.StreamReadGroupAsync(kit.Stream, group, "replica-1", StreamPosition.NewMessages, count);
        Assert.Equal(count, read.Length);
        return read;
    }

    /// <summary>Marks a user as the erasure does and returns the server time read just after.</summary>
    private async Task<long> MarkAsync()
    {
        // Idle times are whole milliseconds: a read in the same millisecond as the mark is not told apart from one before it.
        await Task.Delay(10, TestContext.Current.CancellationToken);
        await ErasedUsers.MarkAsync(Database, 7, ErasedUser.Erased);
        return await InFlightEntries.ServerTimeMsAsync(Database);
    }

    private Task<IReadOnlyList<GroupInFlight>> InFlightAsync(long markedAtMs, TimeSpan? abandonedAfter = null) =>
        InFlightEntries.DeliveredBeforeAsync(Database, kit.Stream, markedAtMs, abandonedAfter ?? AbandonedAfter, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
