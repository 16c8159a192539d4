using System.Net;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// The follow endpoints send their own events into the pipeline (real Redis and PostgreSQL): one
/// event per change of <c>follows</c>, none for a repeat, and no change at all when the event
/// cannot be sent. With the Ingestor running, such a follow counts; a client's forged one does not.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class FollowEventsTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int BacklogCap = 20;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:Realtime:StreamBacklogCap"] = BacklogCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pulse:Ingest:CallerBacklogShare"] = "1",
    });

    private long ada;
    private long bob;
    private long post;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        var (users, posts, _) = await PipelineWorld.SeedAsync(api, users: 2, posts: 1);
        (ada, bob, post) = (users[0], users[1], posts[0]);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_follow_and_an_unfollow_each_send_one_event_and_their_repeats_none()
    {
        var responses = new List<HttpResponseMessage>
        {
            await api.Client.PutAsync(Following(ada, bob), null, Cancellation),
            await api.Client.PutAsync(Following(ada, bob), null, Cancellation),
        };
        var followedAt = (DateTime)(await ScalarAsync($"select created_at from follows where follower_id = {ada} and followee_id = {bob}"))!;
        responses.Add(await api.Client.DeleteAsync(Following(ada, bob), Cancellation));
        responses.Add(await api.Client.DeleteAsync(Following(ada, bob), Cancellation));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.NoContent, response.StatusCode));
        var events = await StreamEventsAsync();
        Assert.Equal([(EventTypes.UserFollow, ada, (long?)bob), (EventTypes.UserUnfollow, ada, bob)],
            events.Select(e => (e.Type, e.UserId, e.TargetUserId)));
        Assert.All(events, e => Assert.Null(e.PostId));
        Assert.Equal(2, events.Select(e => e.Id).Distinct().Count());
        // The follow and its event carry one time, in whole milliseconds as the event log keeps it.
        Assert.Equal(new DateTimeOffset(followedAt, TimeSpan.Zero), events[0].Timestamp);
        Assert.Equal(0, events[0].Timestamp.Ticks % TimeSpan.TicksPerMillisecond);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task When_the_pipeline_takes_no_event_a_follow_and_an_unfollow_answer_503_and_change_nothing()
    {
        await api.ExecuteAsync($"insert into follows (follower_id, followee_id) values ({bob}, {ada})");
        await FillBacklogAsync();

        using var follow = await api.Client.PutAsync(Following(ada, bob), null, Cancellation);
        using var unfollow = await api.Client.DeleteAsync(Following(bob, ada), Cancellation);

        await follow.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await unfollow.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(follow.Headers.RetryAfter);
        Assert.Equal([(bob, ada)], await FollowsAsync());
        Assert.Equal(BacklogCap, await Redis.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task With_the_ingestor_a_follow_through_the_api_counts_once_and_forged_follow_events_do_not()
    {
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        using var ingest = await PipelineWorld.IngestClientAsync(api);

        using var forged = await ingest.PostAsync("/api/events", Json($$"""{"events":[{"type":"user_follow","userId":{{bob}},"targetUserId":{{ada}}}]}"""), Cancellation);
        using var follow = await api.Client.PutAsync(Following(ada, bob), null, Cancellation);
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));
        // A client claiming the follow that exists: it was counted once already.
        using var claimed = await ingest.PostAsync("/api/events", Json($$"""{"events":[{"type":"user_follow","userId":{{ada}},"targetUserId":{{bob}}}]}"""), Cancellation);
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, follow.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, claimed.StatusCode);
        Assert.Equal(1L, await ScalarAsync($"select coalesce(sum(follows), 0)::bigint from user_daily_activity where user_id = {ada}"));
        Assert.Equal(0L, await ScalarAsync($"select coalesce(sum(follows), 0)::bigint from user_daily_activity where user_id = {bob}"));
        Assert.Equal(true, await ScalarAsync($"select counted_at is not null from follows where follower_id = {ada} and followee_id = {bob}"));
        // Every event counts as an event: the forged ones are in the log, they just prove no follow.
        Assert.Equal(3L, await ScalarAsync("select coalesce(sum(events), 0)::bigint from user_daily_activity"));
    }

    private async Task FillBacklogAsync()
    {
        using var ingest = await PipelineWorld.IngestClientAsync(api);
        using var response = await ingest.PostAsync("/api/events", Json(PipelineWorld.ViewsBody(post, BacklogCap, [ada, bob])), Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static string Following(long follower, long followee) => $"/api/users/{follower}/following/{followee}";

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private async Task<List<PipelineEvent>> StreamEventsAsync() =>
        [.. (await Redis.StreamRangeAsync(EventStreamNames.Key)).Select(entry => PipelineJson.Deserialize((byte[])entry[EventStreamNames.PayloadField]!))];

    private async Task<List<(long, long)>> FollowsAsync()
    {
        var follows = new List<(long, long)>();
        await using var command = api.Database.CreateCommand("select follower_id, followee_id from follows order by 1, 2");
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            follows.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        return follows;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = api.Database.CreateCommand(sql);
        return await command.ExecuteScalarAsync(Cancellation);
    }
}
