using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Notifications;
using Pulse.Pipeline.Scripts;
using StackExchange.Redis;

namespace Pulse.Ingestor.Notifications;

/// <summary>
/// Tells users what just happened to their posts and profile, and everyone when the trending top
/// list moved, on the Redis pub/sub channels the Api streams to browsers.
/// </summary>
/// <remarks>
/// Best-effort by design: it runs after the batch committed, so a failure here is logged and
/// counted but never fails or repeats the batch (a repeat would find every id already applied and
/// publish nothing anyway). Pub/sub keeps nothing for absent listeners either, so a notification is
/// delivered at most once.
/// </remarks>
public sealed class NotificationPublisher(
    IConnectionMultiplexer redis,
    NotificationMetrics metrics,
    TimeProvider time,
    ILogger<NotificationPublisher> logger)
{
    /// <summary>How many posts the published trending list holds.</summary>
    public const int TrendingTopSize = 10;

    // The Api reads these channels with the same (web) options.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Partition = RedisKeys.DefaultPartition;

    private static readonly RedisScript TrendingChangeScript = RedisScript.Beside<NotificationPublisher>("PublishTrendingChange.lua");

    /// <summary>Publishes <paramref name="notifications"/> and a trending change, if any, in one pipelined round trip. Never throws.</summary>
    /// <remarks>No cancellation token: once the batch committed, what it has to say is said (Redis' own timeout bounds the wait).</remarks>
    public async Task PublishAsync(IReadOnlyList<UserNotification> notifications)
    {
        var sends = new List<Task<long>>(notifications.Count);
        Task<RedisResult>? trending = null;
        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            foreach (var notification in notifications)
            {
                sends.Add(batch.PublishAsync(RedisChannel.Literal(RedisKeys.Notifications.User(notification.RecipientId)),
                    JsonSerializer.Serialize(notification, Json)));
            }
            trending = TrendingChangeScript.EvaluateAsync(batch,
                [RedisKeys.TrendingDecay(Partition), RedisKeys.TrendingPublished(Partition)],
                [TrendingTopSize, RedisKeys.Notifications.Trending, JsonSerializer.Serialize(new TrendingChanged([], time.GetUtcNow()), Json)]);
            batch.Execute();
            await Task.WhenAll([.. sends, trending]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(exception, "Publishing notifications failed; they are dropped (notifications are best-effort)");
        }
        Count(sends, trending);
    }

    private void Count(List<Task<long>> sends, Task<RedisResult>? trending)
    {
        var published = sends.Count(send => send.IsCompletedSuccessfully);
        var failed = sends.Count - published;
        if (trending is { IsCompletedSuccessfully: true })
        {
            published += (int)trending.Result;
        }
        else
        {
            failed++;
        }
        metrics.Published.Add(published);
        metrics.Failed.Add(failed);
    }
}
