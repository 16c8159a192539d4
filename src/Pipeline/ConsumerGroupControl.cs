using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using StackExchange.Redis;

namespace Pulse.Pipeline;

/// <summary>
/// An operator's pause, resume and retire of a consumer group. The decision is kept in Redis
/// (<see cref="EventStreamNames.GroupDecisionsKey"/>), where every Ingestor replica reads it and
/// trimming honours it. Each change is safe to repeat.
/// </summary>
public sealed class ConsumerGroupControl(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>The longest reason a decision keeps.</summary>
    public const int MaxReasonLength = 500;

    public async Task<GroupStateChanged> PauseAsync(string stream, string group, string? reason, string by)
    {
        var database = redis.GetDatabase();
        var before = await StateOfKnownAsync(database, stream, group);
        if (before == ConsumerGroupState.Retired)
        {
            throw new ConsumerGroupStateConflictException($"'{group}' is retired: resume it before pausing it.");
        }
        await DecideAsync(database, group, ConsumerGroupState.Paused, reason, by);
        return new GroupStateChanged(group, before, ConsumerGroupState.Paused,
            "No replica reads it until it is resumed; its entries wait in the stream and hold back trimming, up to the backlog cap.");
    }

    public async Task<GroupStateChanged> RetireAsync(string stream, string group, string? reason, string by)
    {
        var database = redis.GetDatabase();
        var before = await StateOfKnownAsync(database, stream, group);
        // The decision first: from then on no replica consumes it and trimming ignores it, even if
        // removing the group below fails and is retried.
        await DecideAsync(database, group, ConsumerGroupState.Retired, reason, by);
        if (await database.KeyExistsAsync(stream))
        {
            await database.StreamDeleteConsumerGroupAsync(stream, group);
        }
        await database.KeyDeleteAsync(EventStreamNames.FailuresKey(group));
        return new GroupStateChanged(group, before, ConsumerGroupState.Retired,
            "Removed from the stream with its pending entries: it holds back nothing, and entries trimmed from now on never reach its store. Its dead letters stay until it is resumed.");
    }

    public async Task<GroupStateChanged> ResumeAsync(string stream, string group)
    {
        var database = redis.GetDatabase();
        var before = await StateOfKnownAsync(database, stream, group);
        // Running from here on: a running group that does not exist holds back all trimming, so
        // nothing is trimmed between this and its creation below.
        await database.HashDeleteAsync(EventStreamNames.GroupDecisionsKey, group);
        if (before != ConsumerGroupState.Retired)
        {
            return new GroupStateChanged(group, before, ConsumerGroupState.Running,
                before == ConsumerGroupState.Running ? "It was running already." : "Replicas with a sink for it read on from where it stopped.");
        }

        var from = await FirstEntryAsync(database, stream);
        // A replica may have created it first, from the beginning too.
        await StreamGroups.CreateFromBeginningAsync(database, stream, group);
        return new GroupStateChanged(group, before, ConsumerGroupState.Running,
            from is { } first
                ? $"Recreated from the oldest entry the stream still holds ({first}): what it stored before is recognised, what was trimmed while it was retired never reaches it."
                : "Recreated on an empty stream: it reads every entry from now on.");
    }

    /// <summary>How the audit log records a change: <c>paused -> running: reason</c>.</summary>
    public static string AuditDetail(GroupStateChanged changed, string? reason) =>
        $"{Name(changed.Before)} -> {Name(changed.After)}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}");

    public static string Name(ConsumerGroupState state) => state.ToString().ToLowerInvariant();

    /// <summary>The group's state, after checking the name is one Pulse knows.</summary>
    /// <exception cref="UnknownConsumerGroupException">Not one of Pulse's groups, not on the stream and never decided about.</exception>
    private static async Task<ConsumerGroupState> StateOfKnownAsync(IDatabase database, string stream, string group)
    {
        if (await GroupDecisions.ReadAsync(database, group) is { } decision)
        {
            return decision.State;
        }
        if (EventStreamNames.Groups.All.Contains(group, StringComparer.Ordinal)
            || (await database.KeyExistsAsync(stream) && (await database.StreamGroupInfoAsync(stream)).Any(info => info.Name == group)))
        {
            return ConsumerGroupState.Running;
        }
        throw new UnknownConsumerGroupException(group);
    }

    private async Task DecideAsync(IDatabase database, string group, ConsumerGroupState state, string? reason, string by)
    {
        var decision = new GroupDecision(state, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), by, time.GetUtcNow());
        await database.HashSetAsync(EventStreamNames.GroupDecisionsKey, group, GroupDecisions.Serialize(decision));
    }

    private static async Task<string?> FirstEntryAsync(IDatabase database, string stream)
    {
        var first = await database.StreamRangeAsync(stream, "-", "+", 1);
        return first.Length > 0 ? first[0].Id.ToString() : null;
    }
}
