using System.Globalization;

namespace Pulse.Contracts;

/// <summary>
/// Every Redis key the hot path uses. Keys carry a partition part in a
/// Redis Cluster hash tag (<c>pulse:{p0}:...</c>): the keys one script call touches share it, so a
/// script runs on one cluster slot, and the hot path can later be spread over several partitions.
/// </summary>
public static partial class RedisKeys
{
    /// <summary>The one partition used today.</summary>
    public const string DefaultPartition = "p0";

    public const string DefaultPartitionPrefix = "pulse:{" + DefaultPartition + "}:";

    /// <summary>Key of the event stream in <see cref="DefaultPartition"/>: see <see cref="EventStreamNames.Key"/>.</summary>
    public const string DefaultEventStream = DefaultPartitionPrefix + "events";

    public static string Prefix(string partition) => "pulse:{" + partition + "}:";

    public static string EventStream(string partition) => Prefix(partition) + "events";

    /// <summary>Marks an event id as seen (value: when the dedupe window ends, in Unix ms).</summary>
    public static string SeenEvent(string partition, string eventId) => Prefix(partition) + "seen:" + eventId;

    /// <summary>Hash of one post's real-time counters (fields in <see cref="CounterFields"/>).</summary>
    public static string PostCounters(string partition, long postId) =>
        Prefix(partition) + "post:" + postId.ToString(CultureInfo.InvariantCulture) + ":counters";

    /// <summary>Set of the users who like one post now: a like adds, an unlike removes, and only a change moves its likes.</summary>
    public static string PostLikers(string partition, long postId) =>
        Prefix(partition) + "post:" + postId.ToString(CultureInfo.InvariantCulture) + ":likers";

    /// <summary>SCAN pattern of every post's likers in one partition.</summary>
    public static string AnyPostLikers(string partition) => Prefix(partition) + "post:*:likers";

    /// <summary>Sorted set of forward-decayed trending scores, relative to <see cref="TrendingEpoch"/>.</summary>
    public static string TrendingDecay(string partition) => Prefix(partition) + "trending:decay";

    /// <summary>The epoch t0 (Unix ms) the decayed scores are relative to.</summary>
    public static string TrendingEpoch(string partition) => Prefix(partition) + "trending:epoch";

    /// <summary>Sorted set of the weighted engagement in one UTC hour (hours since the Unix epoch).</summary>
    public static string TrendingHour(string partition, long unixHour) =>
        Prefix(partition) + "trending:hour:" + unixHour.ToString(CultureInfo.InvariantCulture);

    /// <summary>SCAN pattern of every hour bucket still kept in one partition.</summary>
    public static string AnyTrendingHour(string partition) => Prefix(partition) + "trending:hour:*";

    /// <summary>Briefly cached merge of the hour buckets for one window (e.g. <c>1h</c>, <c>24h</c>).</summary>
    public static string TrendingWindow(string partition, string window) => Prefix(partition) + "trending:window:" + window;

    /// <summary>SCAN pattern of every cached window in one partition.</summary>
    public static string AnyTrendingWindow(string partition) => Prefix(partition) + "trending:window:*";

    /// <summary>The decayed top list last published as a trending change (comma-separated post ids), so each change is published once.</summary>
    public static string TrendingPublished(string partition) => Prefix(partition) + "trending:published";

    /// <summary>Events the Api accepted in one UTC minute (minutes since the Unix epoch), counted once per batch.</summary>
    public static string EventsPerMinute(string partition, long unixMinute) =>
        Prefix(partition) + "events:minute:" + unixMinute.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One caller's event budget: a hash (fields <c>tokens</c>, <c>at</c>) of a token bucket that holds
    /// a minute's budget and refills at that rate; it expires once full again. A caller is
    /// <c>key:{id}</c> (an API key) or <c>user:{id}</c> (a session).
    /// </summary>
    public static string EventBudget(string partition, string caller) => Prefix(partition) + "budget:" + caller;

    /// <summary>
    /// One caller's accepted batches that may still be in the stream: a sorted set, member
    /// <c>{last entry id}:{events}</c>, score the last entry's milliseconds; a batch leaves once the
    /// stream's first entry is newer.
    /// </summary>
    public static string CallerBacklog(string partition, string caller) => Prefix(partition) + "backlog:" + caller;

    /// <summary>How many events the batches in <see cref="CallerBacklog"/> hold, kept beside it so no call sums the set.</summary>
    public static string CallerBacklogHeld(string partition, string caller) => Prefix(partition) + "backlog:" + caller + ":held";

    /// <summary>
    /// Hash of erased or anonymised user id to how (<c>erase</c>, or <c>anonymise:{pseudonym}</c>):
    /// every sink reads it for each batch it stores, so an event of such a user that was still on its
    /// way is dropped or stored under the pseudonym, never as it was sent.
    /// </summary>
    public const string ErasedUsers = DefaultPartitionPrefix + "erased";

    /// <summary>Keys only the Redis benchmark writes, so it never mixes with real data.</summary>
    public static string Benchmark(string partition, string name) => Prefix(partition) + "bench:" + name;

    public static class CounterFields
    {
        public const string Views = "views";
        public const string Likes = "likes";
        public const string Comments = "comments";
        public const string Shares = "shares";
    }
}
