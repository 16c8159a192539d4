using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Pulse.Api.Security.Sessions;
using Pulse.Contracts;
using Pulse.Pipeline.Scripts;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Api.Notifications;

/// <summary>
/// The places of the users' open notification streams, over every replica: a Redis sorted set per
/// user (<see cref="RedisKeys.Sessions.Streams"/>) of stream ids scored by when their lease lapses.
/// A user holds at most <see cref="NotificationOptions.MaxStreamsPerUser"/>; an open stream checks its
/// session every <see cref="NotificationOptions.SessionCheckSeconds"/> and renews its lease in the same
/// script, and ends once the session is gone. A replica that dies renews nothing, so its streams'
/// places free themselves when their leases lapse.
/// </summary>
public sealed partial class NotificationStreams(IConnectionMultiplexer redis, IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationStreams> logger)
{
    private static readonly RedisScript OpenScript = RedisScript.Beside<NotificationStreams>("OpenNotificationStream.lua");

    private static readonly RedisScript RenewScript = RedisScript.Beside<NotificationStreams>("RenewNotificationStream.lua");

    public int MaxStreamsPerUser => options.Value.MaxStreamsPerUser;

    /// <summary>Seconds after which a place is sure to have freed, should every stream's replica have died.</summary>
    public int StreamLeaseSeconds => options.Value.StreamLeaseSeconds;

    /// <summary>Takes a place for a stream of <paramref name="session"/>'s user; null when they hold the limit.</summary>
    public async Task<StreamPlace?> OpenAsync(Session session)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var opened = await OpenScript.EvaluateAsync(redis.GetDatabase(), [RedisKeys.Sessions.Streams(session.UserId)],
            [Now(), (long)options.Value.StreamLease.TotalMilliseconds, options.Value.MaxStreamsPerUser, id]);
        return (long)opened == 1 ? new StreamPlace(this, session, id) : null;
    }

    /// <summary>One stream's place: its feed, ended when its session is, and the place given back when it ends.</summary>
    public sealed class StreamPlace(NotificationStreams streams, Session session, string id)
    {
        public async IAsyncEnumerable<SseItem<JsonElement>> ReadAsync(NotificationFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = streams.WatchAsync(session, id, ended);
            try
            {
                await foreach (var item in feed.ReadAsync(session.UserId, ended.Token, cancellationToken))
                {
                    yield return item;
                }
            }
            finally
            {
                await ended.CancelAsync();
                await watch;
                await streams.CloseAsync(session.UserId, id);
            }
        }
    }

    /// <summary>Checks the session and renews the lease every interval; ends the stream (<paramref name="ended"/>) once the session is gone.</summary>
    private async Task WatchAsync(Session session, string id, CancellationTokenSource ended)
    {
        using var timer = new PeriodicTimer(options.Value.SessionCheck, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ended.Token))
            {
                // Upkeep of a stream open for hours, not its request's work: as its spans, every check
                // would be held in memory until the stream closed, then hang under one trace.
                using var untraced = UntracedWork.Begin();
                var alive = await RenewScript.EvaluateAsync(redis.GetDatabase(),
                    [RedisKeys.Sessions.Session(session.TokenHash), RedisKeys.Sessions.Streams(session.UserId)],
                    [Now(), (long)options.Value.StreamLease.TotalMilliseconds, id, session.EndsAt.ToUnixTimeMilliseconds()]);
                if ((long)alive == 0)
                {
                    LogSessionEnded(session.UserId);
                    await ended.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The stream ended first.
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The session cannot be checked: end the stream (the client reconnects, and is authenticated again).
            LogCheckFailed(exception, session.UserId);
            await ended.CancelAsync();
        }
    }

    private async Task CloseAsync(long userId, string id)
    {
        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(RedisKeys.Sessions.Streams(userId), id);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Its lease lapses on its own.
            LogCloseFailed(exception, userId);
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended a notification stream of user {UserId}: the session was revoked or expired")]
    private partial void LogSessionEnded(long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended a notification stream of user {UserId}: its session could not be checked")]
    private partial void LogCheckFailed(Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not free a notification stream's place of user {UserId}; its lease lapses on its own")]
    private partial void LogCloseFailed(Exception exception, long userId);
}
