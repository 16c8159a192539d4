using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Pulse.Contracts;
using Pulse.Contracts.Notifications;
using StackExchange.Redis;

namespace Pulse.Api.Notifications;

/// <summary>
/// One user's notifications and the trending changes, from Redis pub/sub, as server-sent events.
/// Every Api replica subscribes for the browsers connected to it, so a message reaches the user
/// whichever replica they are on. Subscriptions end with the request.
/// </summary>
public sealed class NotificationFeed(IConnectionMultiplexer redis, ILogger<NotificationFeed> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="until">Ends the feed gracefully (what was received is still handed on), e.g. once the session is gone.</param>
    public async IAsyncEnumerable<SseItem<JsonElement>> ReadAsync(long userId, CancellationToken until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = Channel.CreateBounded<SseItem<JsonElement>>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        await using var ending = until.Register(() => items.Writer.TryComplete());
        var subscriber = redis.GetSubscriber();
        var userChannel = RedisChannel.Literal(RedisKeys.Notifications.User(userId));
        var trendingChannel = RedisChannel.Literal(RedisKeys.Notifications.Trending);

        void Forward(string eventType, RedisValue message)
        {
            try
            {
                items.Writer.TryWrite(new SseItem<JsonElement>(JsonSerializer.Deserialize<JsonElement>(message.ToString(), Json), eventType));
            }
            catch (JsonException exception)
            {
                logger.LogWarning(exception, "Dropped a malformed {EventType} message", eventType);
            }
        }

        // A message queue each, not a handler: handlers may run concurrently and so out of order,
        // while a queue hands its channel's messages over one at a time, in the order published.
        var userMessages = await subscriber.SubscribeAsync(userChannel);
        var trendingMessages = await subscriber.SubscribeAsync(trendingChannel);
        userMessages.OnMessage(message => Forward(NotificationEvents.Notification, message.Message));
        trendingMessages.OnMessage(message => Forward(NotificationEvents.Trending, message.Message));
        try
        {
            // Tells the client the subscription is live (and sends the response headers now).
            yield return new SseItem<JsonElement>(JsonSerializer.SerializeToElement(new { userId }, Json), NotificationEvents.Ready);

            await foreach (var item in items.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            // Other browsers on this replica may listen to the same channels: remove only these queues.
            await userMessages.UnsubscribeAsync();
            await trendingMessages.UnsubscribeAsync();
        }
    }
}
