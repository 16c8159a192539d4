using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Contracts;
using Pulse.Ingestor.Streams;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ingestor;

/// <summary>Trimming keeps every entry an active group still needs, and only those.</summary>
public sealed class StreamMaintenanceTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Aggregates = EventStreamNames.Groups.Aggregates;
    private const string EventLog = EventStreamNames.Groups.EventLog;

    private readonly StreamTestKit kit = new(redis.Connection);

    [Fact]
    public async Task Trims_only_below_what_every_active_group_acknowledged()
    {
        await kit.AddAsync(10);
        await CreateActiveGroupAsync(Aggregates);
        await CreateActiveGroupAsync(EventLog);
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
    public async Task An_inactive_group_holds_nothing_back()
    {
        await kit.AddAsync(5);
        await CreateActiveGroupAsync(Aggregates);
        // The event log group exists from an earlier run with MongoDB, but no sink runs it now.
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, EventLog, StreamPosition.Beginning);
        var read = await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 5);
        await kit.Database.StreamAcknowledgeAsync(kit.Stream, Aggregates, [.. read.Select(e => e.Id)]);

        await Maintenance().TrimAsync();

        // All but the last delivered entry, which is kept as the group's position marker.
        Assert.Equal(1, await kit.Database.StreamLengthAsync(kit.Stream));
    }

    [Fact]
    public async Task Nothing_is_trimmed_while_an_active_group_does_not_exist_yet()
    {
        await kit.AddAsync(3);
        await kit.Database.SetAddAsync(EventStreamNames.ActiveGroupsKey, Aggregates);

        Assert.Equal(0, await Maintenance().TrimAsync());
        Assert.Equal(3, await kit.Database.StreamLengthAsync(kit.Stream));
    }

    [Fact]
    public async Task The_inspector_reports_lag_pending_and_the_age_of_the_oldest_unacknowledged_entry()
    {
        await kit.AddAsync(4);
        await CreateActiveGroupAsync(Aggregates);
        await kit.Database.StreamReadGroupAsync(kit.Stream, Aggregates, "a", StreamPosition.NewMessages, 1);

        var status = await kit.Inspector.InspectAsync(kit.Stream, TestContext.Current.CancellationToken);

        var group = Assert.Single(status.Groups);
        Assert.True(group.Active);
        Assert.Equal((3L, 1L, 1), (group.Lag, group.Pending, group.Consumers));
        Assert.True(group.OldestUnacknowledgedAgeSeconds >= 0);
        Assert.Equal(4, status.StreamLength);
    }

    private StreamMaintenance Maintenance() =>
        new(redis.Connection, kit.Inspector, Microsoft.Extensions.Options.Options.Create(kit.Options()), kit.Metrics, TimeProvider.System, NullLogger<StreamMaintenance>.Instance);

    private async Task CreateActiveGroupAsync(string group)
    {
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, group, StreamPosition.Beginning);
        await kit.Database.SetAddAsync(EventStreamNames.ActiveGroupsKey, group);
    }

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
