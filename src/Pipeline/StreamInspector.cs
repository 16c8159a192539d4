using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using StackExchange.Redis;

namespace Pulse.Pipeline;

/// <summary>
/// Reads the state of the event stream and its consumer groups: what the admin endpoint shows,
/// what the Ingestor's lag gauges report, and where the stream may be trimmed.
/// </summary>
public sealed class StreamInspector(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task<PipelineStatus> InspectAsync(string stream = EventStreamNames.Key, CancellationToken cancellationToken = default)
    {
        var database = redis.GetDatabase();
        var now = time.GetUtcNow();

        var exists = database.KeyExistsAsync(stream);
        var length = database.StreamLengthAsync(stream);
        var deadLetters = database.StreamLengthAsync(EventStreamNames.DeadLetterKey);
        var active = database.SetMembersAsync(EventStreamNames.ActiveGroupsKey);
        await Task.WhenAll(exists, length, deadLetters, active);
        cancellationToken.ThrowIfCancellationRequested();

        var activeNames = active.Result.Select(name => (string)name!).ToHashSet(StringComparer.Ordinal);
        var groups = exists.Result ? await database.StreamGroupInfoAsync(stream) : [];

        var statuses = await Task.WhenAll(groups.Select(group => StatusAsync(database, stream, group, activeNames.Contains(group.Name), now)));
        return new PipelineStatus(stream, length.Result, deadLetters.Result, [.. statuses.OrderBy(group => group.Name, StringComparer.Ordinal)], now);
    }

    /// <summary>
    /// The lowest entry id every active group still needs: entries below it were acknowledged by
    /// all of them. Null when nothing may be trimmed (a group that should exist does not yet).
    /// </summary>
    public async Task<RedisValue?> FindTrimPointAsync(string stream = EventStreamNames.Key)
    {
        var database = redis.GetDatabase();
        var active = await database.SetMembersAsync(EventStreamNames.ActiveGroupsKey);
        if (active.Length == 0 || !await database.KeyExistsAsync(stream))
        {
            return null;
        }
        var groups = (await database.StreamGroupInfoAsync(stream)).ToDictionary(group => group.Name, StringComparer.Ordinal);

        RedisValue? trimPoint = null;
        foreach (var name in active)
        {
            if (!groups.TryGetValue(name!, out var group) || group.LastDeliveredId is null || group.LastDeliveredId == StreamIds.Zero)
            {
                return null;
            }
            // Entries up to last-delivered that are not pending were acknowledged.
            RedisValue needed = group.LastDeliveredId;
            if (group.PendingMessageCount > 0)
            {
                var pending = await database.StreamPendingAsync(stream, group.Name);
                if (pending.PendingMessageCount > 0)
                {
                    needed = StreamIds.Min(needed, pending.LowestPendingMessageId);
                }
            }
            trimPoint = trimPoint is { } current ? StreamIds.Min(current, needed) : needed;
        }
        return trimPoint;
    }

    private static async Task<ConsumerGroupStatus> StatusAsync(IDatabase database, string stream, StreamGroupInfo group, bool active, DateTimeOffset now)
    {
        RedisValue? oldest = null;
        if (group.PendingMessageCount > 0)
        {
            var pending = await database.StreamPendingAsync(stream, group.Name);
            if (pending.PendingMessageCount > 0)
            {
                oldest = pending.LowestPendingMessageId;
            }
        }
        if (oldest is null && group.Lag is not 0)
        {
            // The first entry after the last one delivered ("(" makes the start exclusive).
            var next = await database.StreamRangeAsync(stream, "(" + group.LastDeliveredId, "+", 1);
            if (next.Length > 0)
            {
                oldest = next[0].Id;
            }
        }
        var age = oldest is { } id ? Math.Max(0, (now - StreamIds.Time(id)).TotalSeconds) : 0;
        return new ConsumerGroupStatus(group.Name, active, group.Lag, group.PendingMessageCount, group.ConsumerCount, group.LastDeliveredId ?? StreamIds.Zero, age);
    }
}
