using Pulse.Contracts;
using Pulse.TestSupport;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>The Ingestor's <c>aggregates</c> consumer group, as the pipeline tests watch it.</summary>
public static class AggregatesGroup
{
    /// <summary>Entries the group has read so far (0 before the stream or the group exists).</summary>
    public static async Task<long> EntriesReadAsync(IDatabase redis)
    {
        var group = await FindAsync(redis);
        return group?.EntriesRead ?? 0;
    }

    /// <summary>Entries not yet acknowledged; everything is still to do until the Ingestor has created its group.</summary>
    /// <remarks>Redis leaves the lag unknown (null) while deleted entries lie beyond last-delivered (an erasure deletes some): they are counted here.</remarks>
    public static async Task<long> LagAsync(IDatabase redis)
    {
        if (await FindAsync(redis) is not { } group)
        {
            return long.MaxValue;
        }
        var lag = group.Lag ?? (await redis.StreamRangeAsync(EventStreamNames.Key, "(" + group.LastDeliveredId, "+")).Length;
        return lag + group.PendingMessageCount;
    }

    public static Task<long> WaitUntilDrainedAsync(IDatabase redis, TimeSpan timeout) =>
        Eventually.ReturnsAsync(() => LagAsync(redis), lag => lag == 0, timeout, "the aggregates group to acknowledge every entry");

    private static async Task<StreamGroupInfo?> FindAsync(IDatabase redis)
    {
        if (!await redis.KeyExistsAsync(EventStreamNames.Key))
        {
            return null;
        }
        var groups = await redis.StreamGroupInfoAsync(EventStreamNames.Key);
        return groups.Any(group => group.Name == EventStreamNames.Groups.Aggregates)
            ? groups.Single(group => group.Name == EventStreamNames.Groups.Aggregates)
            : null;
    }
}
