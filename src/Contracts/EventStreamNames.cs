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
    /// Set of the consumer groups the Ingestor runs. Only these hold back trimming and count
    /// towards backpressure, so a group whose sink is not configured (MongoDB absent) holds nothing back.
    /// </summary>
    public const string ActiveGroupsKey = RedisKeys.DefaultPartitionPrefix + "events:groups";

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
    }
}
