namespace Pulse.Api.Events;

/// <summary>The spans an accepted batch shows inside its request, so the trace reads as the work.</summary>
public static class IngestSpans
{
    /// <summary>Whether every user and post the batch names exists (PostgreSQL, unless every id was seen lately).</summary>
    public const string CheckReferences = "check references";

    /// <summary>The event script: dedupe, counters, trending and the append to the stream, in one Redis round trip.</summary>
    public const string RecordEvents = "record events";

    public const string EventCountTag = "pulse.events.count";
}
