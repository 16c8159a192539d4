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

/// <summary>The feed's own Redis subscription, against a real Redis started by the test run.</summary>
public sealed class TrendingFeedRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Changes_published_in_a_burst_reach_the_pages_in_the_order_they_were_published()
    {
        using var feed = new TrendingFeed(redis.Connection, NullLogger<TrendingFeed>.Instance);
        var seen = new ConcurrentQueue<long>();
        using var subscription = feed.Subscribe(change => seen.Enqueue(change.TopPostIds[0]));
        await feed.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => feed.IsLive, Patience, "the feed to subscribe");

        // Each change a second after the one before, so none is taken for a repeat of the last.
        var published = Enumerable.Range(1, 200).Select(post => (long)post).ToArray();
        await redis.PublishBurstAsync(RedisKeys.Notifications.Trending,
            published.Select(post => JsonSerializer.Serialize(new TrendingChanged([post], Samples.Now.AddSeconds(post)), Json)));

        // An older top list handed on after a newer one would leave the page showing the past.
        await Eventually.TrueAsync(() => seen.Count == published.Length, Patience, "every change to arrive");
        Assert.Equal(published, seen);
        await feed.StopAsync(TestContext.Current.CancellationToken);
    }
}
