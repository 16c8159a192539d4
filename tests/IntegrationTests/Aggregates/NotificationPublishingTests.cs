using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Notifications;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>What the aggregates sink publishes after a batch: user notifications and trending changes, read as the Api reads them.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class NotificationPublishingTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly SinkParts parts = new(new FakeTimeProvider(Now));
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> received = new();
    private AggregatesDatabase database = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string TrendingKey => RedisKeys.TrendingDecay(RedisKeys.DefaultPartition);

    public async ValueTask InitializeAsync()
    {
        await redis.FlushAsync();
        database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_notify", users: 4, posts: 4);
    }

    [Fact]
    public async Task Likes_comments_shares_and_follows_reach_the_user_concerned_and_nobody_is_told_of_their_own_acts()
    {
        var (post, author) = database.AuthorOfPost.First();
        var others = database.Users.Where(user => user != author).ToArray();
        var (fan, critic) = (others[0], others[1]);
        await SubscribeAsync(RedisKeys.Notifications.User(author), RedisKeys.Notifications.User(fan));
        // The author's own like comes first: were it published, it would be the first message on their channel.
        List<PipelineEvent> events =
        [
            Event(EventTypes.PostLike, author, post: post),
            Event(EventTypes.PostView, fan, post: post),
            Event(EventTypes.PostLike, fan, post: post),
            Event(EventTypes.PostComment, critic, post: post),
            Event(EventTypes.PostShare, fan, post: post),
            Event(EventTypes.UserFollow, critic, target: fan),
            Event(EventTypes.UserFollow, fan, target: author),
        ];

        await using (var follow = database.DataSource.CreateCommand($"insert into follows (follower_id, followee_id) values ({critic}, {fan}), ({fan}, {author})"))
        {
            await follow.ExecuteNonQueryAsync(Cancellation);
        }

        await parts.Sink(database.DataSource, redis.Connection).WriteAsync(events, Cancellation);

        var toAuthor = await MessagesAsync<UserNotification>(RedisKeys.Notifications.User(author), 4);
        Assert.Equal(
        [
            new UserNotification(NotificationKind.PostLiked, author, fan, post, events[2].Timestamp),
            new UserNotification(NotificationKind.PostCommented, author, critic, post, events[3].Timestamp),
            new UserNotification(NotificationKind.PostShared, author, fan, post, events[4].Timestamp),
            new UserNotification(NotificationKind.Followed, author, fan, null, events[6].Timestamp),
        ], toAuthor);
        var toFan = await MessagesAsync<UserNotification>(RedisKeys.Notifications.User(fan), 1);
        Assert.Equal([new UserNotification(NotificationKind.Followed, fan, critic, null, events[5].Timestamp)], toFan);
    }

    [Fact]
    public async Task A_follow_event_that_follows_does_not_hold_notifies_nobody_and_counts_no_follow_and_a_repeated_like_notifies_once()
    {
        var (post, author) = database.AuthorOfPost.First();
        var forger = database.Users.First(user => user != author);
        await SubscribeAsync(RedisKeys.Notifications.User(author));
        // The comment comes last: once it arrives, whatever the forged follow and the second like would have published would be there before it.
        List<PipelineEvent> events =
        [
            Event(EventTypes.UserFollow, forger, target: author),
            Event(EventTypes.PostLike, forger, post: post),
            Event(EventTypes.PostLike, forger, post: post),
            Event(EventTypes.PostComment, forger, post: post),
        ];

        await parts.Sink(database.DataSource, redis.Connection).WriteAsync(events, Cancellation);

        var toAuthor = await MessagesAsync<UserNotification>(RedisKeys.Notifications.User(author), 2);
        Assert.Equal(
        [
            new UserNotification(NotificationKind.PostLiked, author, forger, post, events[1].Timestamp),
            new UserNotification(NotificationKind.PostCommented, author, forger, post, events[3].Timestamp),
        ], toAuthor);
        await using var counts = database.DataSource.CreateCommand(
            $"select sum(follows)::int, sum(likes)::int from user_daily_activity where user_id = {forger}");
        await using var reader = await counts.ExecuteReaderAsync(Cancellation);
        await reader.ReadAsync(Cancellation);
        Assert.Equal((0, 1), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task Replayed_events_notify_nobody_again()
    {
        var (post, author) = database.AuthorOfPost.First();
        var fan = database.Users.First(user => user != author);
        await SubscribeAsync(RedisKeys.Notifications.User(author));
        var first = Event(EventTypes.PostLike, fan, post: post);
        var second = Event(EventTypes.PostComment, fan, post: post);
        var sink = parts.Sink(database.DataSource, redis.Connection);

        await sink.WriteAsync([first], Cancellation);
        await sink.WriteAsync([first, second], Cancellation);

        // Messages on one channel arrive in order: a second like would come before the comment.
        var messages = await MessagesAsync<UserNotification>(RedisKeys.Notifications.User(author), 2);
        Assert.Equal([NotificationKind.PostLiked, NotificationKind.PostCommented], messages.Select(m => m.Kind));
    }

    [Fact]
    public async Task A_change_of_the_trending_top_ten_is_published_once()
    {
        await SubscribeAsync(RedisKeys.Notifications.Trending);
        var database0 = redis.Connection.GetDatabase();
        // Twelve posts with decayed scores: the top ten is 112 down to 103.
        await database0.SortedSetAddAsync(TrendingKey, [.. Enumerable.Range(101, 12).Select(post => new SortedSetEntry(post, post))]);
        var sink = parts.Sink(database.DataSource, redis.Connection);

        await sink.WriteAsync([Event(EventTypes.PostView, 1, post: 1)], Cancellation);
        // Unchanged top list: nothing new to say.
        await sink.WriteAsync([Event(EventTypes.PostView, 1, post: 1)], Cancellation);
        // Post 101 overtakes everyone.
        await database0.SortedSetIncrementAsync(TrendingKey, 101, 1_000);
        await sink.WriteAsync([Event(EventTypes.PostView, 1, post: 1)], Cancellation);

        var messages = await MessagesAsync<TrendingChanged>(RedisKeys.Notifications.Trending, 2);
        Assert.Equal(
        [
            new TrendingChanged([112, 111, 110, 109, 108, 107, 106, 105, 104, 103], Now),
            new TrendingChanged([101, 112, 111, 110, 109, 108, 107, 106, 105, 104], Now),
        ], messages, TrendingEquality.Instance);
    }

    [Fact]
    public async Task A_publishing_failure_is_counted_and_does_not_fail_the_committed_batch()
    {
        var (post, author) = database.AuthorOfPost.First();
        var fan = database.Users.First(user => user != author);
        // A Redis nobody listens on: every publish fails at once.
        var options = ConfigurationOptions.Parse($"127.0.0.1:{ClosedPort.Find()},abortConnect=false,connectTimeout=200");
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);
        using var failed = new MetricCollector<long>(parts.NotificationMetrics.Failed);
        var events = new[] { Event(EventTypes.PostLike, fan, post: post), Event(EventTypes.PostShare, fan, post: post) };

        await parts.Sink(database.DataSource, unreachable).WriteAsync(events, Cancellation);

        Assert.Equal(1, (await database.ReadAsync()).Posts[post].Likes);
        // Two notifications and the trending check.
        Assert.Equal(3, failed.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    private async Task SubscribeAsync(params string[] channels)
    {
        var subscriber = redis.Connection.GetSubscriber();
        foreach (var channel in channels)
        {
            var queue = received.GetOrAdd(channel, _ => new ConcurrentQueue<string>());
            // A message queue, as the Api's feed reads them: it keeps the order they were published in.
            (await subscriber.SubscribeAsync(RedisChannel.Literal(channel))).OnMessage(message => queue.Enqueue(message.Message.ToString()));
        }
    }

    /// <summary>Waits for <paramref name="count"/> messages on <paramref name="channel"/>, then returns every message it got.</summary>
    private async Task<List<T>> MessagesAsync<T>(string channel, int count)
    {
        var queue = received[channel];
        await Eventually.TrueAsync(() => queue.Count >= count, Patience, $"{count} messages on {channel}");
        return [.. queue.Select(message => JsonSerializer.Deserialize<T>(message, Json)!)];
    }

    /// <summary>An event a minute earlier than the one made before it, so each notification shows which event it came from.</summary>
    private PipelineEvent Event(string type, long user, long? post = null, long? target = null) =>
        new(Guid.CreateVersion7(), type, user, post, target, Now.AddMinutes(-++eventsMade), Now, null, null, null);

    private int eventsMade;

    private sealed class TrendingEquality : IEqualityComparer<TrendingChanged>
    {
        public static readonly TrendingEquality Instance = new();

        public bool Equals(TrendingChanged? x, TrendingChanged? y) =>
            x is not null && y is not null && x.TopPostIds.SequenceEqual(y.TopPostIds) && x.OccurredAt == y.OccurredAt;

        public int GetHashCode(TrendingChanged obj) => obj.OccurredAt.GetHashCode();
    }

    public async ValueTask DisposeAsync()
    {
        await redis.Connection.GetSubscriber().UnsubscribeAllAsync();
        parts.Dispose();
        await database.DisposeAsync();
    }
}
