namespace Pulse.Api.Realtime;

/// <summary>
/// One event as the event script takes it: <paramref name="Id"/> (e.g. a UUID) for the dedupe
/// window, <paramref name="Type"/> from <see cref="Contracts.Realtime.EventTypes"/>, the post it
/// concerns if any, when it happened, its JSON for the stream, and whose it is (a post's likes are
/// counted per user). Validation comes with the ingest contract; this is what reaches Redis.
/// </summary>
public sealed record RealtimeEvent(string Id, string Type, long? PostId, DateTimeOffset OccurredAt, string Json, long UserId)
{
    /// <summary>An accepted event as the script takes it, its stream entry the event's pipeline JSON.</summary>
    public static RealtimeEvent From(Contracts.Events.PipelineEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return new(@event.Id.ToString("D"), @event.Type, @event.PostId, @event.Timestamp, Contracts.Events.PipelineJson.Serialize(@event), @event.UserId);
    }
}

public enum EventOutcome
{
    Accepted,

    /// <summary>Its id was seen within the dedupe window: not counted, not streamed again.</summary>
    Duplicate,
}
