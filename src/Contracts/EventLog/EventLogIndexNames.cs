namespace Pulse.Contracts.EventLog;

/// <summary>
/// Names of the event log's indexes (the Ingestor creates them at start-up; every event-analytics
/// pipeline starts with a <c>$match</c> one of them serves).
/// </summary>
public static class EventLogIndexNames
{
    /// <summary><c>{ type: 1, ts: 1 }</c>: one event type over a time range.</summary>
    public const string TypeTime = "type_ts";

    /// <summary><c>{ userId: 1, ts: 1, _id: 1 }</c>: a user's timeline, newest first, keyset-paged by (ts, _id) with no in-memory sort.</summary>
    public const string UserTime = "userId_ts_id";

    /// <summary><c>{ postId: 1, ts: 1 }</c>: one post's events over a time range.</summary>
    public const string PostTime = "postId_ts";

    /// <summary><c>{ ts: 1 }</c> with <c>expireAfterSeconds</c>: a time range over all events, and raw-event retention.</summary>
    public const string TimeToLive = "ts_ttl";
}
