namespace Pulse.Contracts;

/// <summary>The Redis stream that hands accepted events from the Api to the Ingestor, and its consumer groups.</summary>
public static class EventStreamNames
{
    /// <summary>The stream of the default partition (<c>pulse:{p0}:events</c>): the hash tag keeps it in the slot of the keys the event script updates with it.</summary>
    public const string Key = RedisKeys.DefaultEventStream;

    /// <summary>Field of a stream entry that holds the event as JSON.</summary>
    public const string PayloadField = "event";

    /// <summary>Field of a stream entry that holds the W3C trace context of the request that accepted it, linking the Ingestor's batch to it.</summary>
    public const string TraceParentField = "traceparent";

    /// <summary>Where entries that failed <c>Pulse:Ingestor:MaxAttempts</c> times go, with their error (<c>pulse:{p0}:events:dead</c>).</summary>
    public const string DeadLetterKey = RedisKeys.DefaultPartitionPrefix + "events:dead";

    /// <summary>
    /// Hash of consumer group to the operator's decision about it (paused or retired, as JSON); a
    /// group without one runs. Only an operator changes it, never a replica: every group that is
    /// not retired holds back trimming, whether or not a replica serves it now.
    /// </summary>
    public const string GroupDecisionsKey = RedisKeys.DefaultPartitionPrefix + "events:groups:decisions";

    /// <summary>
    /// On a replayed dead letter: the one group it goes back to, the one that failed it. Every other
    /// group acknowledges it unread: it had stored the event, maybe longer ago than it remembers ids.
    /// </summary>
    public const string ReplayForField = "replayFor";

    /// <summary>Held while dead letters are replayed: one replay at a time, so none goes back twice.</summary>
    public const string DeadLetterReplayLockKey = RedisKeys.DefaultPartitionPrefix + "events:dead:replaying";

    /// <summary>Hash of entry id to failed attempts, for one group's entries that failed on their own.</summary>
    public static string FailuresKey(string group) => RedisKeys.DefaultPartitionPrefix + "events:failures:" + group;

    public static class Groups
    {
        /// <summary>Writes the raw event log to MongoDB.</summary>
        public const string EventLog = "eventlog";

        /// <summary>Applies events to the PostgreSQL aggregates.</summary>
        public const string Aggregates = "aggregates";

        /// <summary>The groups Pulse's sinks consume: each must exist and hold back trimming unless an operator retired it.</summary>
        public static readonly IReadOnlyList<string> All = [EventLog, Aggregates];
    }
}
