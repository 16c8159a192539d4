namespace Pulse.Contracts;

/// <summary>The Redis stream that hands accepted events from the Api to the Ingestor, and its consumer groups.</summary>
public static class EventStreamNames
{
    public const string Key = "pulse:events";

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
