using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Api.Analytics;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.ServiceDefaults.Retention;
using Pulse.Pipeline.Scripts;
using StackExchange.Redis;

namespace Pulse.Api.Realtime;

/// <summary>
/// Records a batch of events in one Redis round trip (the event script): dedupe, real-time
/// counters, trending, the count of events accepted this minute, and XADD of each accepted event
/// to the stream, atomically.
/// </summary>
public sealed class EventRecorder(
    IConnectionMultiplexer redis,
    IOptions<RealtimeOptions> options,
    IOptions<EngagementOptions> engagement,
    IOptions<RetentionOptions> retention,
    TimeProvider time)
{
    private static readonly RedisScript Script = RedisScript.Beside<EventRecorder>("RecordEvents.lua");

    // One partition today; a batch is one script call, so a router would split batches by partition.
    private const string Partition = RedisKeys.DefaultPartition;

    private readonly RealtimeOptions settings = options.Value;
    private readonly TrendingDecay decay = new(options.Value.TrendingHalfLife);
    private readonly RetentionOptions kept = retention.Value;

    /// <summary>How long a caller's backlog record outlives its last batch: past it the caller starts again from nothing held.</summary>
    public static readonly TimeSpan CallerBacklogRetention = TimeSpan.FromDays(1);

    /// <summary>Records events no caller limit applies to (tests, benchmarks).</summary>
    public async Task<IReadOnlyList<EventOutcome>> RecordAsync(IReadOnlyList<RealtimeEvent> events, CancellationToken cancellationToken) =>
        (await RecordAsync(events, CallerBudget.None, cancellationToken)).Outcomes;

    /// <exception cref="StreamBacklogException">The stream holds its backlog cap.</exception>
    /// <exception cref="CallerLimitException">The caller is over its budget or its share of the backlog.</exception>
    /// <exception cref="ErasedUsersException">An event's user was erased or anonymised; nothing was written.</exception>
    public async Task<RecordedBatch> RecordAsync(IReadOnlyList<RealtimeEvent> events, CallerBudget budget, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return new RecordedBatch([], null);
        }
        cancellationToken.ThrowIfCancellationRequested();

        var (keys, values) = Arguments(events, budget, time.GetUtcNow());
        RedisResult result;
        try
        {
            // Not cancelled once sent: the caller must learn whether the events reached the stream.
            result = await Script.EvaluateAsync(redis.GetDatabase(), keys, values);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith(StreamBacklogException.ErrorPrefix, StringComparison.Ordinal))
        {
            throw new StreamBacklogException(exception.Message, exception);
        }
        catch (RedisServerException exception) when (CallerLimitException.FromReply(exception.Message, exception) is { } limit)
        {
            throw limit;
        }
        catch (RedisServerException exception) when (ErasedUsersException.FromReply(exception.Message, exception) is { } erased)
        {
            throw erased;
        }

        var flags = (RedisResult[])result!;
        var outcomes = new EventOutcome[events.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = (long)flags[i] == 1 ? EventOutcome.Accepted : EventOutcome.Duplicate;
        }
        var left = (long)flags[events.Count];
        return new RecordedBatch(outcomes, left < 0 ? null : (int)left);
    }

    private (RedisKey[] Keys, RedisValue[] Values) Arguments(IReadOnlyList<RealtimeEvent> events, CallerBudget budget, DateTimeOffset now)
    {
        var weights = engagement.Value.Weights;
        var nowMs = now.ToUnixTimeMilliseconds();
        var rebaseAfter = settings.TrendingHalfLife * settings.RebaseAfterHalfLives;

        var keys = new List<RedisKey>(8 + events.Count * 3)
        {
            RedisKeys.EventStream(Partition),
            RedisKeys.TrendingDecay(Partition),
            RedisKeys.TrendingEpoch(Partition),
            // Accepted events count in the minute the Api accepts them, not the one they say they happened in.
            RedisKeys.EventsPerMinute(Partition, EventMinutes.UnixMinute(now)),
            RedisKeys.EventBudget(Partition, budget.Caller),
            RedisKeys.CallerBacklog(Partition, budget.Caller),
            RedisKeys.CallerBacklogHeld(Partition, budget.Caller),
            RedisKeys.ErasedUsers,
        };
        var values = new List<RedisValue>(19 + events.Count * 5)
        {
            nowMs,
            (long)settings.DedupeWindow.TotalMilliseconds,
            decay.LambdaPerMs.ToString("R", CultureInfo.InvariantCulture),
            (long)rebaseAfter.TotalMilliseconds,
            settings.DropDecayedBelow.ToString("R", CultureInfo.InvariantCulture),
            (long)kept.TrendingHours.TotalMilliseconds,
            EventStreamNames.PayloadField,
            weights.View,
            weights.Like,
            weights.Comment,
            weights.Share,
            events.Count,
            EventStreamNames.TraceParentField,
            // The request's trace context rides along on each entry, so the Ingestor's batch links to it.
            Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } ? traceParent : RedisValue.EmptyString,
            settings.StreamBacklogCap,
            (long)kept.MinuteCounts.TotalMilliseconds,
            budget.EventsPerMinute,
            budget.MostHeld,
            (long)CallerBacklogRetention.TotalMilliseconds,
        };

        foreach (var @event in events)
        {
            // A timestamp from the future would buy a post a head start on the decayed board.
            var occurredAt = @event.OccurredAt > now ? now : @event.OccurredAt;
            keys.Add(RedisKeys.SeenEvent(Partition, @event.Id));
            var onPost = @event.PostId.HasValue && EventTypes.OnPosts.Contains(@event.Type);
            var postId = @event.PostId.GetValueOrDefault();
            if (onPost)
            {
                keys.Add(RedisKeys.PostCounters(Partition, postId));
                keys.Add(RedisKeys.TrendingHour(Partition, TrendingWindows.UnixHour(occurredAt)));
                if (@event.Type is EventTypes.PostLike or EventTypes.PostUnlike)
                {
                    keys.Add(RedisKeys.PostLikers(Partition, postId));
                }
            }
            values.Add(@event.Type);
            values.Add(onPost ? postId : RedisValue.EmptyString);
            values.Add(occurredAt.ToUnixTimeMilliseconds());
            values.Add(@event.Json);
            values.Add(@event.UserId);
        }
        return ([.. keys], [.. values]);
    }
}
