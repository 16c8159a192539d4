using Pulse.Api.Security.Sessions;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Reports;
using StackExchange.Redis;

namespace Pulse.Api.Realtime;

/// <summary>
/// What is happening now, from Redis in one round trip: one MGET of the last day's per-minute
/// event counts and one ZCOUNT of the active sessions, sent together in a batch.
/// </summary>
public sealed class EventActivityReader(IConnectionMultiplexer redis, TimeProvider time)
{
    private const string Partition = RedisKeys.DefaultPartition;

    /// <summary>The last <paramref name="minutes"/> minutes (1 to <see cref="EventMinutes.PerDay"/>), oldest first, the current one included.</summary>
    public async Task<EventActivity> ReadAsync(int minutes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, EventMinutes.PerDay);

        var now = time.GetUtcNow();
        var day = await ReadDayAsync(now, cancellationToken);
        var first = day.CurrentMinute - minutes + 1;
        var counts = new MinuteCount[minutes];
        for (var i = 0; i < minutes; i++)
        {
            counts[i] = new MinuteCount(EventMinutes.Start(first + i), day.Counts[EventMinutes.PerDay - minutes + i]);
        }
        return new EventActivity(counts, day.Total, day.ActiveSessions, now);
    }

    /// <summary>The report's summary of now: active sessions and events in the last 24 hours.</summary>
    public async Task<LiveActivity> ReadLiveAsync(CancellationToken cancellationToken)
    {
        var day = await ReadDayAsync(time.GetUtcNow(), cancellationToken);
        return new LiveActivity(day.ActiveSessions, day.Total);
    }

    private async Task<Day> ReadDayAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = EventMinutes.UnixMinute(now);
        var keys = new RedisKey[EventMinutes.PerDay];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = RedisKeys.EventsPerMinute(Partition, current - EventMinutes.PerDay + 1 + i);
        }

        var batch = redis.GetDatabase().CreateBatch();
        var values = batch.StringGetAsync(keys);
        var sessions = SessionStore.CountActiveAsync(batch, now);
        batch.Execute();
        await Task.WhenAll(values, sessions).WaitAsync(cancellationToken);

        var counts = new long[keys.Length];
        var total = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = values.Result[i].IsNull ? 0 : (long)values.Result[i];
            total += counts[i];
        }
        return new Day(current, counts, total, sessions.Result);
    }

    /// <param name="Counts">Oldest first; the last is <paramref name="CurrentMinute"/>.</param>
    private sealed record Day(long CurrentMinute, long[] Counts, long Total, long ActiveSessions);
}
