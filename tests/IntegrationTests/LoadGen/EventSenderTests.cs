using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.LoadGen.Simulation;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.LoadGen;

/// <summary>
/// The load generator's sender against the real Api: a batch's follows and unfollows are made
/// through the follow endpoints (which send their own events), never claimed as events.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EventSenderTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private long[] users = [];
    private long post;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        (users, var posts, _) = await PipelineWorld.SeedAsync(api, users: 3, posts: 1);
        post = posts[0];
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task With_an_admin_key_follows_and_unfollows_are_made_through_the_api_and_the_other_events_posted()
    {
        await api.ExecuteAsync($"insert into follows (follower_id, followee_id) values ({users[2]}, {users[0]})");
        var messages = new List<string>();
        var sender = new EventSender(api.Client, TimeSpan.FromSeconds(30), messages.Add);

        var outcome = await sender.SendAsync(
            [Event(EventTypes.PostView, users[0], postId: post), Event(EventTypes.UserFollow, users[0], target: users[1]), Event(EventTypes.UserUnfollow, users[2], target: users[0])],
            Cancellation);

        Assert.Equal(new IngestAccepted(3, 0), outcome.Accepted);
        Assert.Equal([(users[0], users[1])], await FollowsAsync());
        var streamed = (await Redis.StreamRangeAsync(EventStreamNames.Key)).Select(entry => PipelineJson.Deserialize((byte[])entry[EventStreamNames.PayloadField]!)).ToList();
        Assert.Equal([(EventTypes.PostView, users[0]), (EventTypes.UserFollow, users[0]), (EventTypes.UserUnfollow, users[2])], streamed.Select(e => (e.Type, e.UserId)));
        Assert.Empty(messages);
        Assert.Equal(0, sender.FollowsRefused);
    }

    [Fact]
    public async Task With_an_ingest_key_follows_are_left_out_said_once_and_the_other_events_posted()
    {
        using var ingest = await PipelineWorld.IngestClientAsync(api);
        var messages = new List<string>();
        var sender = new EventSender(ingest, TimeSpan.FromSeconds(30), messages.Add);

        var outcome = await sender.SendAsync(
            [Event(EventTypes.UserFollow, users[0], target: users[1]), Event(EventTypes.PostView, users[0], postId: post), Event(EventTypes.UserFollow, users[2], target: users[1])],
            Cancellation);

        Assert.Equal(new IngestAccepted(1, 0), outcome.Accepted);
        Assert.Empty(await FollowsAsync());
        Assert.Equal(1, await Redis.StreamLengthAsync(EventStreamNames.Key));
        Assert.Equal(2, sender.FollowsRefused);
        Assert.Equal(["follows left out: making them takes an admin key (403)"], messages);
    }

    private static IngestEvent Event(string type, long user, long? postId = null, long? target = null) =>
        new(Guid.CreateVersion7(), type, user, postId, target, DateTimeOffset.UtcNow, null, null, null);

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
}
