using System.Net;
using System.Text;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// A post's likes are the users who like it now, through the Api, the event script and the
/// Ingestor, on a real Redis and PostgreSQL: no user can like a post up, or unlike it down, alone.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class LikeCountTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private long[] users = [];
    private long post;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        long[] posts;
        (users, posts, _) = await PipelineWorld.SeedAsync(api, users: 3, posts: 1);
        post = posts[0];
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_thousand_likes_and_a_thousand_unlikes_from_one_user_leave_the_count_the_last_action_says_in_redis_and_postgresql()
    {
        using var client = await PipelineWorld.IngestClientAsync(api);
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        var alternating = Enumerable.Range(0, 2_000).Select(i => (i % 2 == 0 ? EventTypes.PostLike : EventTypes.PostUnlike, users[0])).ToList();

        foreach (var batch in alternating.Chunk(500))
        {
            await PostAsync(client, batch);
        }
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));
        Assert.Equal((0, 0), await LikesAsync());

        // The last action a like: one. Fifty more from the same user, and one from another: two.
        await PostAsync(client, [(EventTypes.PostLike, users[0])]);
        await PostAsync(client, [.. Enumerable.Repeat((EventTypes.PostLike, users[0]), 50), (EventTypes.PostLike, users[1]), (EventTypes.PostUnlike, users[2])]);
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));

        Assert.Equal((2, 2), await LikesAsync());
        await using var likers = api.Database.CreateCommand($"select array_agg(user_id order by user_id) from post_likes where post_id = {post}");
        Assert.Equal(users[..2], (long[])(await likers.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    private async Task<(long Redis, long Postgres)> LikesAsync()
    {
        var inRedis = (long)await Redis.HashGetAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post), RedisKeys.CounterFields.Likes);
        await using var command = api.Database.CreateCommand($"select likes from post_stats where post_id = {post}");
        return (inRedis, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    private async Task PostAsync(HttpClient client, IEnumerable<(string Type, long User)> events)
    {
        var body = $$"""{"events":[{{string.Join(',', events.Select(e => $$"""{"type":"{{e.Type}}","userId":{{e.User}},"postId":{{post}}}"""))}}]}""";
        using var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
