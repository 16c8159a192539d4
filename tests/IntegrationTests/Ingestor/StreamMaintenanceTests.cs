using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ingestor;

/// <summary>Trimming keeps every entry a group that is not retired still needs, and only those.</summary>
public sealed class StreamMaintenanceTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Aggregates = EventStreamNames.Groups.Aggregates;
    private const string EventLog = EventStreamNames.Groups.EventLog;

    private readonly StreamTestKit kit = new(redis.Connection);

    private ConsumerGroupControl Control => new(redis.Connection, TimeProvider.System);

    [Fact]
    public async Task Trims_only_below_what_every_group_acknowledged()
    {
        await kit.AddAsync(10);
        await CreateGroupAsync(Aggregates);
        await CreateGroupAsync(EventLog);
        // aggregates acknowledged 6; eventlog read 8 and acknowledged all but its 3rd.
        var aggregates = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 6);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, Aggregates, [.. aggregates.Select(e => e.Id)]);
        var eventLog = await kit.Database.StreamReadGroupAsync(kit.Stream, EventLog, "e", StreamPosition.NewMessages, 8);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, EventLog, [.. eventLog.Where((_, i) => i != 2).Select(e => e.Id)]);

        var trimmed = await Maintenance().TrimAsync();

        Assert.Equal(2, trimmed);
        var first = (await kit.Database.StreamRangeAsync(kit.Stream, count: 1))[0];
        Assert.Equal(eventLog[2].Id, first.Id);
    }

    [Fact]
    public async Task A_group_no_replica_serves_still_holds_back_trimming()
    {
        await kit.AddAsync(5);
        await CreateGroupAsync(Aggregates);
        // The event log group from a run with MongoDB: no replica serves it now, and it read nothing.
        await CreateGroupAsync(EventLog);
        var read = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 5);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, Aggregates, [.. read.Select(e => e.Id)]);

        Assert.Equal(0, await Maintenance().TrimAsync());
        Assert.Equal(5, await kit.Database.StreamLengthAsync(kit.Stream));
        var status = await kit.Inspector.InspectAsync(kit.Stream, TestContext.Current.CancellationToken);
        Assert.Equal([EventLog], status.Groups.Where(group => group.HoldsBackTrimming).Select(group => group.Name));
    }

    [Fact]
    public async Task A_retired_group_holds_nothing_back()
    {
        await kit.AddAsync(5);
        await CreateGroupAsync(Aggregates);
        await CreateGroupAsync(EventLog);
        var read = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 5);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, Aggregates, [.. read.Select(e => e.Id)]);

        await Control.RetireAsync(kit.Stream, EventLog, "no MongoDB in this deployment", "test");
        await Maintenance().TrimAsync();

        // All but the last delivered entry, which is kept as the group's position marker.
        Assert.Equal(1, await kit.Database.StreamLengthAsync(kit.Stream));
        Assert.Null(await kit.GroupAsync(EventLog));
    }

    [Fact]
    public async Task A_paused_group_holds_back_trimming()
    {
        await kit.AddAsync(3);
        await CreateGroupAsync(Aggregates);
        await CreateGroupAsync(EventLog);
        var read = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 3);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, Aggregates, [.. read.Select(e => e.Id)]);

        await Control.PauseAsync(kit.Stream, EventLog, null, "test");

        Assert.Equal(0, await Maintenance().TrimAsync());
        Assert.Equal(3, await kit.Database.StreamLengthAsync(kit.Stream));
    }

    [Fact]
    public async Task Nothing_is_trimmed_while_one_of_pulses_groups_does_not_exist_yet()
    {
        await kit.AddAsync(3);
        await CreateGroupAsync(Aggregates);
        var read = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 3);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, Aggregates, [.. read.Select(e => e.Id)]);

        Assert.Equal(0, await Maintenance().TrimAsync());
        Assert.Equal(3, await kit.Database.StreamLengthAsync(kit.Stream));
        var eventLog = (await kit.Inspector.InspectAsync(kit.Stream, TestContext.Current.CancellationToken)).Groups.Single(group => group.Name == EventLog);
        Assert.Equal((false, true, ConsumerGroupState.Running), (eventLog.Exists, eventLog.HoldsBackTrimming, eventLog.State));
    }

    [Fact]
    public async Task The_inspector_reports_state_lag_pending_and_the_age_of_the_oldest_unacknowledged_entry()
    {
        await kit.AddAsync(4);
        await CreateGroupAsync(Aggregates);
        await CreateGroupAsync(EventLog);
        await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 1);
        await Control.PauseAsync(kit.Stream, EventLog, "MongoDB maintenance", "user:1:admin");

        var status = await kit.Inspector.InspectAsync(kit.Stream, TestContext.Current.CancellationToken);

        Assert.Equal([Aggregates, EventLog], status.Groups.Select(group => group.Name));
        var aggregates = status.Groups[0];
        Assert.Equal((ConsumerGroupState.Running, 3L, 1L, 1, true), (aggregates.State, aggregates.Lag, aggregates.Pending, aggregates.Consumers, aggregates.Exists));
        Assert.True(aggregates.OldestUnacknowledgedAgeSeconds >= 0);
        var eventLog = status.Groups[1];
        Assert.Equal(ConsumerGroupState.Paused, eventLog.State);
        Assert.Equal(("MongoDB maintenance", "user:1:admin"), (eventLog.Decision!.Reason, eventLog.Decision.By));
        // eventlog read nothing: its first entry is the lowest any group needs.
        Assert.Equal((false, true), (aggregates.HoldsBackTrimming, eventLog.HoldsBackTrimming));
        Assert.Equal(4, status.StreamLength);
    }

    private StreamMaintenance Maintenance() =>
        new(redis.Connection, kit.Inspector, Microsoft.Extensions.Options.Options.Create(kit.Options()), kit.Metrics, TimeProvider.System, NullLogger<StreamMaintenance>.Instance);

    private Task<bool> CreateGroupAsync(string group) =>
        kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, group, StreamPosition.Beginning);

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
