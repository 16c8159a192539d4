namespace Pulse.Contracts;

/// <summary>The Redis stream that hands accepted events from the Api to the Ingestor, and its consumer groups.</summary>
public static class EventStreamNames
{
    /// <summary>The stream of the default partition (<c>pulse:{p0}:events</c>): the hash tag keeps it in the slot of the keys the event script updates with it.</summary>
    public const string Key = RedisKeys.DefaultEventStream;

    /// <summary>Field of a stream entry that holds the event as JSON.</summary>
    public const string PayloadField = "event";

    public static class Groups
    {
        /// <summary>Writes the raw event log to MongoDB.</summary>
        public const string EventLog = "eventlog";

        /// <summary>Applies events to the PostgreSQL aggregates.</summary>
        public const string Aggregates = "aggregates";
    }
}
