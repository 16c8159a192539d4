using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Contracts;
using Pulse.Contracts.Notifications;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using Pulse.Web.Services.Live;
using Pulse.WebTests.Support;
using StackExchange.Redis;

namespace Pulse.WebTests;

/// <summary>
/// The Web's least privilege on a real Redis: connected as <see cref="RedisAccess.WebSubscriber"/>,
/// with the ACL rules the AppHost gives that user, the feed works and nothing else does.
/// </summary>
public sealed class TrendingFeedAclTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Password = "web-subscriber-password";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private ConnectionMultiplexer subscriber = null!;

    public async ValueTask InitializeAsync()
    {
        await redis.Connection.GetDatabase().ExecuteAsync("ACL",
            ["SETUSER", RedisAccess.WebSubscriber.User, "reset", "on", $">{Password}", .. RedisAccess.WebSubscriber.Rules.Split(' ')]);
        var options = ConfigurationOptions.Parse($"127.0.0.1:{redis.Port},user={RedisAccess.WebSubscriber.User},password={Password}");
        SubscriberConnection.Apply(options);
        subscriber = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync() => await subscriber.DisposeAsync();

    [Fact]
    public async Task The_feed_receives_trending_changes_as_the_subscriber_user()
    {
        using var feed = new TrendingFeed(subscriber, NullLogger<TrendingFeed>.Instance);
        var seen = new ConcurrentQueue<long>();
        using var subscription = feed.Subscribe(change => seen.Enqueue(change.TopPostIds[0]));
        await feed.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => feed.IsLive, Patience, "the feed to subscribe");

        await redis.PublishBurstAsync(RedisKeys.Notifications.Trending,
            [JsonSerializer.Serialize(new TrendingChanged([42], Samples.Now), Json)]);

        await Eventually.TrueAsync(() => seen.Contains(42), Patience, "the change to arrive");
        await feed.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("PING")]
    [InlineData("SUBSCRIBE", RedisKeys.Notifications.Trending)]
    public async Task The_subscriber_user_may_ping_and_subscribe_to_trending(params string[] command) =>
        Assert.Equal("OK", await DryRunAsync(command));

    [Theory]
    [InlineData("GET", "pulse:{sessions}:active")]
    [InlineData("SET", "pulse:anything", "x")]
    [InlineData("PUBLISH", RedisKeys.Notifications.Trending, "forged")]
    [InlineData("SUBSCRIBE", "pulse:notifications:user:1")]
    [InlineData("KEYS", "*")]
    [InlineData("EVAL", "return 1", "0")]
    [InlineData("XADD", "pulse:{p0}:events", "*", "a", "b")]
    [InlineData("FLUSHALL")]
    public async Task The_subscriber_user_reads_writes_publishes_and_runs_nothing_else(params string[] command) =>
        Assert.Contains("no permissions", await DryRunAsync(command), StringComparison.OrdinalIgnoreCase);

    /// <summary>Redis' own verdict on the user running <paramref name="command"/> (ACL DRYRUN, Redis 7).</summary>
    private async Task<string> DryRunAsync(string[] command) =>
        (await redis.Connection.GetDatabase().ExecuteAsync("ACL", ["DRYRUN", RedisAccess.WebSubscriber.User, .. command])).ToString();
}
