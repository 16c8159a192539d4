using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Ingestor;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Events;

/// <summary><c>/api/admin/pipeline</c> and the dead letters, over the Api's real Redis.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class PipelineApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Group = EventStreamNames.Groups.Aggregates;

    private readonly ApiServer api = new(postgres);

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    [Fact]
    public async Task The_pipeline_status_shows_each_group_s_lag_pending_and_consumers()
    {
        var kit = new StreamTestKit(api.Redis.Connection);
        await kit.AddAsync(5);
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, StreamPosition.Beginning);
        await Redis.SetAddAsync(EventStreamNames.ActiveGroupsKey, Group);
        await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 2);

        var status = await api.Client.GetFromJsonAsync<PipelineStatus>("/api/admin/pipeline", TestContext.Current.CancellationToken);

        Assert.Equal((EventStreamNames.Key, 5L, 0L), (status!.Stream, status.StreamLength, status.DeadLetters));
        var group = Assert.Single(status.Groups);
        Assert.Equal((Group, true, 3L, 2L, 1), (group.Name, group.Active, group.Lag, group.Pending, group.Consumers));
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_replayed_onto_the_stream()
    {
        var kit = new StreamTestKit(api.Redis.Connection);
        var events = await kit.AddAsync(2);
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, StreamPosition.Beginning);
        var entries = await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 2);
        foreach (var entry in entries)
        {
            await kit.DeadLetters.MoveAsync(EventStreamNames.Key, Group, entry, "23514: check constraint", 5);
        }

        var listed = await api.Client.GetFromJsonAsync<List<DeadLetter>>("/api/admin/dead-letters", TestContext.Current.CancellationToken);
        using var replay = await api.Client.PostAsync("/api/admin/dead-letters/replay?limit=1", null, TestContext.Current.CancellationToken);
        var replayed = await replay.Content.ReadFromJsonAsync<DeadLettersReplayed>(TestContext.Current.CancellationToken);

        Assert.Equal(2, listed!.Count);
        Assert.All(listed, letter => Assert.Equal(("23514: check constraint", 5), (letter.Error, letter.Attempts)));
        Assert.Equal(new DeadLettersReplayed(1, 1), replayed);
        var last = (await Redis.StreamRangeAsync(EventStreamNames.Key, "-", "+", 1, Order.Descending))[0];
        Assert.Contains(events[0].Id.ToString(), (string?)last[EventStreamNames.PayloadField], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_while_another_runs_is_a_409_problem_and_replays_nothing()
    {
        var kit = new StreamTestKit(api.Redis.Connection);
        await kit.AddAsync(1);
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, StreamPosition.Beginning);
        var entry = (await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 1))[0];
        await kit.DeadLetters.MoveAsync(EventStreamNames.Key, Group, entry, "23514: check constraint", 5);
        await Redis.LockTakeAsync(EventStreamNames.DeadLetterReplayLockKey, "another-replay", TimeSpan.FromMinutes(1));

        using var replay = await api.Client.PostAsync("/api/admin/dead-letters/replay", null, TestContext.Current.CancellationToken);

        await replay.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await Redis.StreamLengthAsync(EventStreamNames.DeadLetterKey));
        Assert.Equal(1, await Redis.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task A_replay_limit_out_of_range_is_a_400_problem()
    {
        using var response = await api.Client.PostAsync("/api/admin/dead-letters/replay?limit=0", null, TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("limit");
    }

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();
}
