using System.Reflection;
using Bunit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pulse.Contracts.Notifications;
using Pulse.Web.Components.Layout;
using Pulse.Web.Services.Live;
using Pulse.WebTests.Support;
using StackExchange.Redis;

namespace Pulse.WebTests;

/// <summary>The live indicator in the app bar follows the feed's connection.</summary>
public sealed class LiveIndicatorTests : WebTestContext
{
    [Fact]
    public void Says_live_while_the_feed_is_connected_and_offline_when_it_is_not()
    {
        var indicator = Render<LiveIndicator>();
        Assert.Equal("live", indicator.Find("[data-testid=live-indicator]").GetAttribute("data-state"));

        Feed.SetLive(false);

        indicator.WaitForAssertion(() => Assert.Equal("offline", indicator.Find("[data-testid=live-indicator]").GetAttribute("data-state")));
        Assert.Contains("Offline", indicator.Markup, StringComparison.Ordinal);
    }
}

/// <summary>The singleton feed's fan-out, fed directly (its Redis subscription calls the same Publish).</summary>
public sealed class TrendingFeedTests : IDisposable
{
    private readonly TrendingFeed feed = new(DisconnectedRedis.Create(), NullLogger<TrendingFeed>.Instance);

    public void Dispose() => feed.Dispose();

    private static TrendingChanged Change(long id, int second = 0) => new([id], Samples.Now.AddSeconds(second));

    [Fact]
    public void Hands_each_change_to_every_subscriber_until_it_unsubscribes()
    {
        var first = new List<long>();
        var second = new List<long>();
        using var one = feed.Subscribe(change => first.Add(change.TopPostIds[0]));
        var two = feed.Subscribe(change => second.Add(change.TopPostIds[0]));

        feed.Publish(Change(1, 1));
        two.Dispose();
        feed.Publish(Change(2, 2));

        Assert.Equal([1L, 2L], first);
        Assert.Equal([1L], second);
    }

    [Fact]
    public void Hands_on_the_same_change_once_even_if_it_arrives_twice()
    {
        var seen = 0;
        using var subscription = feed.Subscribe(_ => seen++);

        feed.Publish(Change(1));
        feed.Publish(Change(1));

        Assert.Equal(1, seen);
    }

    [Fact]
    public void A_failing_subscriber_does_not_keep_the_change_from_the_others()
    {
        var seen = 0;
        using var broken = feed.Subscribe(_ => throw new InvalidOperationException("a broken page"));
        using var working = feed.Subscribe(_ => seen++);

        feed.Publish(Change(3));

        Assert.Equal(1, seen);
    }

    [Fact]
    public void Is_not_live_before_it_subscribed_to_redis()
    {
        Assert.False(feed.IsLive);
    }

    /// <summary>A multiplexer that never connected: all the feed asks of it before subscribing.</summary>
    public class DisconnectedRedis : DispatchProxy
    {
        public static IConnectionMultiplexer Create() => DispatchProxy.Create<IConnectionMultiplexer, DisconnectedRedis>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_IsConnected" ? false : throw new NotSupportedException(targetMethod?.Name);
    }
}

/// <summary>The throttle that keeps pushes from turning into a storm of Api calls.</summary>
public sealed class RefreshThrottleTests
{
    private readonly FakeTimeProvider time = new(Samples.Now);
    private int runs;

    private RefreshThrottle Throttle(TimeSpan interval, Func<Task>? refresh = null) =>
        new(interval, async _ =>
        {
            Interlocked.Increment(ref runs);
            await (refresh?.Invoke() ?? Task.CompletedTask);
        }, time);

    [Fact]
    public void Runs_at_once_then_coalesces_requests_within_the_interval_into_one_more_run()
    {
        using var throttle = Throttle(TimeSpan.FromSeconds(5));

        throttle.Request();
        throttle.Request();
        throttle.Request();
        Assert.Equal(1, runs);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, runs);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, runs);
    }

    [Fact]
    public void Never_runs_two_refreshes_at_once()
    {
        var gate = new TaskCompletionSource();
        using var throttle = Throttle(TimeSpan.Zero, () => gate.Task);

        throttle.Request();
        throttle.Request();
        Assert.Equal(1, runs);

        gate.SetResult();
        SpinWait.SpinUntil(() => Volatile.Read(ref runs) == 2, TimeSpan.FromSeconds(5));
        Assert.Equal(2, runs);
    }

    [Fact]
    public void Runs_nothing_once_disposed()
    {
        var throttle = Throttle(TimeSpan.FromSeconds(5));
        throttle.Request();
        throttle.Request();

        throttle.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        throttle.Request();

        Assert.Equal(1, runs);
    }
}

/// <summary>The feed's health: degraded at worst, so a Redis outage never marks the Web unhealthy.</summary>
public sealed class TrendingFeedHealthCheckTests
{
    [Fact]
    public async Task Is_healthy_while_live_and_only_degraded_when_not()
    {
        var feed = new FakeTrendingFeed();
        var check = new TrendingFeedHealthCheck(feed);

        var live = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), Xunit.TestContext.Current.CancellationToken);
        feed.SetLive(false);
        var offline = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, live.Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, offline.Status);
    }
}
