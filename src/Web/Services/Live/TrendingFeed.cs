using System.Collections.Immutable;
using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Notifications;
using StackExchange.Redis;

namespace Pulse.Web.Services.Live;

/// <summary>
/// Subscribes once per process to <see cref="RedisKeys.Notifications.Trending"/> (where the Ingestor
/// publishes <see cref="TrendingChanged"/>) and fans each change out to the connected components.
/// Redis may be down when the Web starts: the feed keeps trying, and StackExchange.Redis restores the
/// subscription after a reconnect. Pages work without it; they only stop moving by themselves.
/// </summary>
public sealed partial class TrendingFeed(IConnectionMultiplexer redis, ILogger<TrendingFeed> logger) : BackgroundService, ITrendingFeed
{
    // The Ingestor writes the channel with the web defaults (camelCase).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly RedisChannel Channel = RedisChannel.Literal(RedisKeys.Notifications.Trending);

    private readonly Lock gate = new();
    private ImmutableList<Subscription> subscriptions = [];
    private TrendingChanged? last;
    private ChannelMessageQueue? messages;

    public bool IsLive => messages is not null && redis.IsConnected;

    public IDisposable Subscribe(Action<TrendingChanged> onChanged, Action<bool>? onLiveChanged = null)
    {
        var subscription = new Subscription(this, onChanged, onLiveChanged);
        lock (gate)
        {
            subscriptions = subscriptions.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Hands a change to every subscriber (the Redis handler calls this; so can a test).</summary>
    public void Publish(TrendingChanged change)
    {
        lock (gate)
        {
            // A handler restored twice around a reconnect must not double every push.
            if (last is { } previous && previous.OccurredAt == change.OccurredAt && previous.TopPostIds.SequenceEqual(change.TopPostIds))
            {
                return;
            }
            last = change;
        }
        foreach (var subscription in subscriptions)
        {
            subscription.Changed(change, logger);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionChanged;
        redis.ConnectionRestored += OnConnectionChanged;
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A message queue, not a handler: handlers may run concurrently, so an older top list
                // could land after a newer one; the queue hands the changes over in publishing order.
                messages = await redis.GetSubscriber().SubscribeAsync(Channel);
                messages.OnMessage(message => OnMessage(message.Message));
                LogSubscribed(RedisKeys.Notifications.Trending);
                NotifyLive();
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogSubscribeFailed(exception, delay.TotalSeconds);
                await UnsubscribeQuietlyAsync();
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionChanged;
        redis.ConnectionRestored -= OnConnectionChanged;
        await base.StopAsync(cancellationToken);
        if (messages is not null)
        {
            await UnsubscribeQuietlyAsync();
        }
    }

    private async Task UnsubscribeQuietlyAsync()
    {
        try
        {
            // The whole channel: this feed is its only subscriber in the process, and a subscription
            // that failed half-way left a queue behind that nothing else could name.
            await redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Nothing to undo when Redis never heard of the subscription.
        }
    }

    private void OnMessage(RedisValue message)
    {
        TrendingChanged? change;
        try
        {
            change = JsonSerializer.Deserialize<TrendingChanged>(message.ToString(), Json);
        }
        catch (JsonException exception)
        {
            LogMalformed(exception);
            return;
        }
        if (change is not null)
        {
            Publish(change);
        }
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription)
        {
            NotifyLive();
        }
    }

    private void NotifyLive()
    {
        var live = IsLive;
        foreach (var subscription in subscriptions)
        {
            subscription.LiveChanged(live, logger);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            subscriptions = subscriptions.Remove(subscription);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Channel}: trending changes are pushed to the pages")]
    private partial void LogSubscribed(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the trending channel failed; trying again in {DelaySeconds} s (pages keep working, without live updates)")]
    private partial void LogSubscribeFailed(Exception exception, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a malformed trending change")]
    private partial void LogMalformed(Exception exception);

    private sealed partial class Subscription(TrendingFeed feed, Action<TrendingChanged> onChanged, Action<bool>? onLiveChanged) : IDisposable
    {
        public void Changed(TrendingChanged change, ILogger logger)
        {
            try
            {
                onChanged(change);
            }
            catch (Exception exception)
            {
                // One broken page must not keep the change from the others.
                LogSubscriberFailed(logger, exception);
            }
        }

        public void LiveChanged(bool live, ILogger logger)
        {
            try
            {
                onLiveChanged?.Invoke(live);
            }
            catch (Exception exception)
            {
                LogSubscriberFailed(logger, exception);
            }
        }

        public void Dispose() => feed.Remove(this);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber of the trending feed failed")]
        private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
    }
}
