using System.ComponentModel.DataAnnotations;

namespace Pulse.Ingestor.Aggregates;

/// <summary>Settings of the PostgreSQL aggregates sink and its dedupe table, from <c>Pulse:Ingestor:Aggregates</c>.</summary>
public sealed class AggregatesOptions
{
    public const string SectionName = "Pulse:Ingestor:Aggregates";

    /// <summary>
    /// How long an applied event's id is remembered in <c>ingested_events</c>. An id replayed later
    /// than this is counted again, so keep it at least as long as the Api's accepted timestamp window
    /// (7 days) and the longest a stream entry can wait.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan DedupeRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Pause between pruning passes (a pass deletes every expired id, batch by batch).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most ids one pruning statement deletes: each is its own short transaction.</summary>
    [Range(100, 100_000)]
    public int PruneBatchSize { get; set; } = 5_000;
}
