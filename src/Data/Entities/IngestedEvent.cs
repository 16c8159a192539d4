namespace Pulse.Data.Entities;

/// <summary>
/// An event already applied to the aggregates. The Ingestor inserts a batch's ids with
/// ON CONFLICT DO NOTHING in the same transaction as the aggregates, and applies only the ids that
/// were new: replaying the stream counts nothing twice.
/// </summary>
public sealed class IngestedEvent
{
    public Guid EventId { get; set; }

    public DateTimeOffset IngestedAt { get; set; }
}
