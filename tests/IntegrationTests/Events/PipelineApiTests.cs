using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Ingestor;
using Pulse.Pipeline;
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
        await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 2);

        var status = await api.Client.GetFromJsonAsync<PipelineStatus>("/api/admin/pipeline", TestContext.Current.CancellationToken);

        Assert.Equal((EventStreamNames.Key, 5L, 0L), (status!.Stream, status.StreamLength, status.DeadLetters));
        var group = status.Groups.Single(group => group.Name == Group);
        Assert.Equal((ConsumerGroupState.Running, 3L, 2L, 1), (group.State, group.Lag, group.Pending, group.Consumers));
        // The event log's group, which no replica created yet, is shown too: until it exists it holds all trimming back.
        var eventLog = status.Groups.Single(group => group.Name == EventStreamNames.Groups.EventLog);
        Assert.Equal((false, true), (eventLog.Exists, eventLog.HoldsBackTrimming));
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

    [Fact]
    public async Task An_admin_pauses_resumes_and_retires_a_group_and_each_decision_is_shown_and_audited()
    {
        const string EventLog = EventStreamNames.Groups.EventLog;
        var cancellation = TestContext.Current.CancellationToken;
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, EventLog, StreamPosition.Beginning, createStream: true);

        var paused = await PostGroupAsync(EventLog, "pause", "MongoDB maintenance");
        var shown = (await api.Client.GetFromJsonAsync<PipelineStatus>("/api/admin/pipeline", cancellation))!.Groups.Single(group => group.Name == EventLog);
        var resumed = await PostGroupAsync(EventLog, "resume", null);
        var retired = await PostGroupAsync(EventLog, "retire", "this deployment has no MongoDB");
        var afterRetire = (await api.Client.GetFromJsonAsync<PipelineStatus>("/api/admin/pipeline", cancellation))!.Groups.Single(group => group.Name == EventLog);

        Assert.Equal((ConsumerGroupState.Running, ConsumerGroupState.Paused), (paused.Before, paused.After));
        Assert.Equal((ConsumerGroupState.Paused, "MongoDB maintenance", "key:1:bootstrap"), (shown.State, shown.Decision!.Reason, shown.Decision.By));
        Assert.Equal((ConsumerGroupState.Paused, ConsumerGroupState.Running), (resumed.Before, resumed.After));
        Assert.Equal((ConsumerGroupState.Running, ConsumerGroupState.Retired), (retired.Before, retired.After));
        Assert.Equal((ConsumerGroupState.Retired, false, false), (afterRetire.State, afterRetire.Exists, afterRetire.HoldsBackTrimming));

        var audit = await api.Client.GetFromJsonAsync<Contracts.Security.AuditPage>("/api/admin/audit", cancellation);
        Assert.Equal(
            [
                (Contracts.Security.AuditActions.GroupRetired, "running -> retired: this deployment has no MongoDB"),
                (Contracts.Security.AuditActions.GroupResumed, "paused -> running"),
                (Contracts.Security.AuditActions.GroupPaused, "running -> paused: MongoDB maintenance"),
            ],
            audit!.Entries.Take(3).Select(entry => (entry.Action, entry.Detail!)));
        Assert.All(audit.Entries.Take(3), entry => Assert.Equal(("key:1:bootstrap", "group:eventlog"), (entry.Actor, entry.Target!)));
    }

    [Fact]
    public async Task Pausing_a_retired_group_is_a_409_problem_and_an_unknown_group_a_404()
    {
        await PostGroupAsync(EventStreamNames.Groups.EventLog, "retire", null);

        using var pause = await api.Client.PostAsJsonAsync("/api/admin/pipeline/groups/eventlog/pause", new GroupDecisionRequest(null), TestContext.Current.CancellationToken);
        using var unknown = await api.Client.PostAsJsonAsync("/api/admin/pipeline/groups/no-such-group/pause", new GroupDecisionRequest(null), TestContext.Current.CancellationToken);

        await pause.AssertProblemAsync(HttpStatusCode.Conflict);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(ConsumerGroupState.Retired, (await GroupDecisions.ReadAsync(Redis, EventStreamNames.Groups.EventLog))!.State);
        Assert.Null(await GroupDecisions.ReadAsync(Redis, "no-such-group"));
    }

    [Fact]
    public async Task A_reason_over_500_characters_is_a_400_problem_and_changes_nothing()
    {
        using var response = await api.Client.PostAsJsonAsync("/api/admin/pipeline/groups/eventlog/pause", new GroupDecisionRequest(new string('x', 501)), TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("reason");
        Assert.Null(await GroupDecisions.ReadAsync(Redis, EventStreamNames.Groups.EventLog));
    }

    private async Task<GroupStateChanged> PostGroupAsync(string group, string action, string? reason)
    {
        using var response = await api.Client.PostAsJsonAsync($"/api/admin/pipeline/groups/{group}/{action}", new GroupDecisionRequest(reason), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<GroupStateChanged>(TestContext.Current.CancellationToken))!;
    }

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();
}
