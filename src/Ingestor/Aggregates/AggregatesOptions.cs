using System.ComponentModel.DataAnnotations;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// Settings of the PostgreSQL aggregates sink's pruning, from <c>Pulse:Ingestor:Aggregates</c>. How long
/// rows are kept is <c>Pulse:Retention</c>'s; this says how the pruners go about it.
/// </summary>
public sealed class AggregatesOptions
{
    public const string SectionName = "Pulse:Ingestor:Aggregates";

    /// <summary>Pause between pruning passes (a pass deletes every expired id, batch by batch).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most rows one pruning statement deletes: each is its own short transaction.</summary>
    [Range(100, 100_000)]
    public int PruneBatchSize { get; set; } = 5_000;
}
