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

        var length = database.StreamLengthAsync(stream);
        var deadLetters = database.StreamLengthAsync(EventStreamNames.DeadLetterKey);
        var groups = ReadGroupsAsync(database, stream);
        await Task.WhenAll(length, deadLetters, groups);
        cancellationToken.ThrowIfCancellationRequested();

        var holding = HoldingBack(groups.Result);
        var statuses = await Task.WhenAll(groups.Result.Select(group => StatusAsync(database, stream, group, holding.Contains(group.Name), now)));
        return new PipelineStatus(stream, length.Result, deadLetters.Result, [.. statuses.OrderBy(group => group.Name, StringComparer.Ordinal)], now);
    }

    /// <summary>
    /// One group's applied watermark, cheaply (two or three round trips, whatever the number of
    /// groups): every entry added to the stream before <see cref="GroupWatermark.Watermark"/> was
    /// acknowledged by <paramref name="group"/>. It is the time of the oldest entry the group has not
    /// acknowledged (pending or not yet delivered; stream ids are Redis's millisecond clock), or the
    /// inspection time when the group is caught up; null when the group does not exist on the stream.
    /// </summary>
    public async Task<GroupWatermark> WatermarkAsync(string stream, string group, CancellationToken cancellationToken = default)
    {
        var database = redis.GetDatabase();
        // Read the clock first: a group caught up when it is inspected acknowledged everything added before.
        var now = time.GetUtcNow();
        var decision = GroupDecisions.ReadAsync(database, group);
        var exists = database.KeyExistsAsync(stream);
        await Task.WhenAll(decision, exists);
        cancellationToken.ThrowIfCancellationRequested();
        var state = decision.Result?.State ?? ConsumerGroupState.Running;
        var info = exists.Result
            ? (await database.StreamGroupInfoAsync(stream)).Where(found => found.Name == group).Cast<StreamGroupInfo?>().FirstOrDefault()
            : null;
        if (info is not { } existing)
        {
            return new GroupWatermark(group, state, decision.Result, Exists: false, Watermark: null, now);
        }
        var oldest = await OldestUnacknowledgedAsync(database, stream, existing, await LowestPendingAsync(database, stream, existing));
        var watermark = oldest is { } id ? StreamIds.Time(id) : now;
        return new GroupWatermark(group, state, decision.Result, Exists: true, watermark < now ? watermark : now, now);
    }

    /// <summary>
    /// The lowest entry id a group that is not retired still needs: entries below it were
    /// acknowledged by every such group, whether a replica serves it now or not. Null when nothing
    /// may be trimmed: a group that must hold back trimming does not exist yet (it will be created
    /// from the stream's beginning), or the stream does not exist.
    /// </summary>
    public async Task<RedisValue?> FindTrimPointAsync(string stream = EventStreamNames.Key)
    {
        var groups = await ReadGroupsAsync(redis.GetDatabase(), stream);
        var holding = groups.Where(group => group.State != ConsumerGroupState.Retired).ToList();
        if (holding.Count == 0 || holding.Any(group => group.Needed is null))
        {
            return null;
        }
        return holding.Select(group => group.Needed!.Value).Aggregate(StreamIds.Min);
    }

    /// <summary>
    /// Pulse's groups, the groups on the stream and the groups an operator decided about, each with
    /// its state and the lowest entry id it still needs (null when it does not exist).
    /// </summary>
    private static async Task<List<GroupView>> ReadGroupsAsync(IDatabase database, string stream)
    {
        var decisions = GroupDecisions.ReadAllAsync(database);
        var exists = database.KeyExistsAsync(stream);
        await Task.WhenAll(decisions, exists);
        var onStream = exists.Result
            ? (await database.StreamGroupInfoAsync(stream)).ToDictionary(group => group.Name, StringComparer.Ordinal)
            : [];

        var names = EventStreamNames.Groups.All.Concat(onStream.Keys).Concat(decisions.Result.Keys).Distinct(StringComparer.Ordinal);
        return [.. await Task.WhenAll(names.Select(async name =>
        {
            var decision = decisions.Result.GetValueOrDefault(name);
            var info = onStream.TryGetValue(name, out var found) ? found : (StreamGroupInfo?)null;
            var lowestPending = info is { } group ? await LowestPendingAsync(database, stream, group) : null;
            RedisValue? needed = info is { } existing ? Needed(existing, lowestPending) : (RedisValue?)null;
            return new GroupView(name, decision?.State ?? ConsumerGroupState.Running, decision, info, needed, lowestPending);
        }))];
    }

    private static async Task<RedisValue?> LowestPendingAsync(IDatabase database, string stream, StreamGroupInfo group)
    {
        if (group.PendingMessageCount == 0)
        {
            return null;
        }
        var pending = await database.StreamPendingAsync(stream, group.Name);
        return pending.PendingMessageCount > 0 ? pending.LowestPendingMessageId : (RedisValue?)null;
    }

    /// <summary>Entries up to last-delivered that are not pending were acknowledged: the group needs its lowest pending entry, else what follows last-delivered.</summary>
    private static RedisValue Needed(StreamGroupInfo group, RedisValue? lowestPending)
    {
        RedisValue lastDelivered = group.LastDeliveredId ?? StreamIds.Zero;
        return lowestPending is { } lowest ? StreamIds.Min(lastDelivered, lowest) : lastDelivered;
    }

    /// <summary>The groups whose needs set the trim point (none when nothing holds trimming back at a point).</summary>
    private static HashSet<string> HoldingBack(List<GroupView> groups)
    {
        var holding = groups.Where(group => group.State != ConsumerGroupState.Retired).ToList();
        var missing = holding.Where(group => group.Needed is null).Select(group => group.Name).ToHashSet(StringComparer.Ordinal);
        if (missing.Count > 0 || holding.Count == 0)
        {
            return missing;
        }
        var lowest = holding.Select(group => group.Needed!.Value).Aggregate(StreamIds.Min);
        return holding.Where(group => group.Needed == lowest).Select(group => group.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<ConsumerGroupStatus> StatusAsync(IDatabase database, string stream, GroupView view, bool holdsBack, DateTimeOffset now)
    {
        if (view.Info is not { } group)
        {
            return new ConsumerGroupStatus(view.Name, view.State, view.Decision, Exists: false, Lag: null, Pending: 0, Consumers: 0, StreamIds.Zero, 0, holdsBack);
        }
        var oldest = await OldestUnacknowledgedAsync(database, stream, group, view.LowestPending);
        var age = oldest is { } id ? Math.Max(0, (now - StreamIds.Time(id)).TotalSeconds) : 0;
        return new ConsumerGroupStatus(group.Name, view.State, view.Decision, Exists: true, group.Lag, group.PendingMessageCount, group.ConsumerCount,
            group.LastDeliveredId ?? StreamIds.Zero, age, holdsBack && view.State != ConsumerGroupState.Retired);
    }

    /// <summary>The oldest entry the group has not acknowledged: its lowest pending entry, else the first one not delivered yet; null when caught up.</summary>
    private static async Task<RedisValue?> OldestUnacknowledgedAsync(IDatabase database, string stream, StreamGroupInfo group, RedisValue? lowestPending)
    {
        if (lowestPending is not null || group.Lag is 0)
        {
            return lowestPending;
        }
        // The first entry after the last one delivered ("(" makes the start exclusive).
        var next = await database.StreamRangeAsync(stream, "(" + (group.LastDeliveredId ?? StreamIds.Zero), "+", 1);
        return next.Length > 0 ? next[0].Id : (RedisValue?)null;
    }

    /// <param name="Needed">The lowest entry id the group still needs; null when it does not exist.</param>
    /// <param name="LowestPending">Its oldest entry delivered but not acknowledged, if any.</param>
    private sealed record GroupView(string Name, ConsumerGroupState State, GroupDecision? Decision, StreamGroupInfo? Info, RedisValue? Needed, RedisValue? LowestPending);
}

/// <summary>What <see cref="StreamInspector.WatermarkAsync"/> found about one consumer group.</summary>
/// <param name="Decision">Who paused or retired the group; null while it runs.</param>
/// <param name="Exists">Whether the group exists on the stream (a retired group was removed; a new one is created by the first Ingestor).</param>
/// <param name="Watermark">Every entry added before it was acknowledged by the group; null when the group does not exist.</param>
/// <param name="CheckedAt">When the stream was inspected (the watermark of a group that is caught up).</param>
public sealed record GroupWatermark(string Group, ConsumerGroupState State, GroupDecision? Decision, bool Exists, DateTimeOffset? Watermark, DateTimeOffset CheckedAt)
{
    /// <summary>How far the group's watermark trails the inspection; null when it does not exist.</summary>
    public TimeSpan? Behind => Watermark is { } watermark ? CheckedAt - watermark : null;
}
