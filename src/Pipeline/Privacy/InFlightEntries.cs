using Pulse.Contracts.Pipeline;
using StackExchange.Redis;

namespace Pulse.Pipeline.Privacy;

/// <summary>One group's entries that a consumer may still be storing as they were read.</summary>
public sealed record GroupInFlight(string Group, long Entries);

/// <summary>
/// The fence behind which an erasure may act on the stores: a consumer reads the erased users
/// after it reads a batch, so only entries delivered before a user was marked can still be stored
/// as they were sent. A consumer acknowledges an entry once stored, and reads it again (a new
/// delivery) after any failure; so once no entry delivered before the mark is still pending, every
/// later write rewrites that user's events.
/// </summary>
public static class InFlightEntries
{
    private const int Page = 1_000;

    /// <param name="markedAtMs">Redis server time (Unix ms) read just after the mark.</param>
    /// <param name="abandonedAfter">
    /// An entry idle longer than this was read by a consumer that died or hangs (a live one reads its
    /// pending entries again after a failure): it is claimed, and so read again, before it is stored.
    /// </param>
    /// <returns>The groups with entries delivered before the mark still pending (none when the fence is passed).</returns>
    public static async Task<IReadOnlyList<GroupInFlight>> DeliveredBeforeAsync(IDatabase database, string stream, long markedAtMs, TimeSpan abandonedAfter, CancellationToken cancellationToken)
    {
        if (!await database.KeyExistsAsync(stream))
        {
            return [];
        }
        var decisions = await GroupDecisions.ReadAllAsync(database);
        var now = ServerTimeMs(await database.ExecuteAsync("TIME"));
        // Idle at least this long: delivered at or before the mark.
        var sinceMark = Math.Max(0, now - markedAtMs);
        var inFlight = new List<GroupInFlight>();
        foreach (var info in await database.StreamGroupInfoAsync(stream))
        {
            if (info.PendingMessageCount == 0
                || (decisions.TryGetValue(info.Name, out var decision) && decision.State == ConsumerGroupState.Retired))
            {
                continue;
            }
            long count = 0;
            RedisValue start = "-";
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await database.StreamPendingMessagesAsync(stream, info.Name, Page, RedisValue.Null, start, "+", sinceMark);
                count += page.Count(message => message.IdleTimeInMilliseconds <= abandonedAfter.TotalMilliseconds);
                if (page.Length < Page)
                {
                    break;
                }
                start = "(" + page[^1].MessageId;
            }
            if (count > 0)
            {
                inFlight.Add(new GroupInFlight(info.Name, count));
            }
        }
        return inFlight;
    }

    /// <summary>Redis's own clock, in Unix ms: the idle times it reports are measured on it.</summary>
    public static async Task<long> ServerTimeMsAsync(IDatabaseAsync database) => ServerTimeMs(await database.ExecuteAsync("TIME"));

    private static long ServerTimeMs(RedisResult time)
    {
        var parts = (RedisResult[])time!;
        return (long)parts[0] * 1000 + (long)parts[1] / 1000;
    }
}
