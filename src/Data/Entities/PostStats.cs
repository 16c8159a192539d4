namespace Pulse.Data.Entities;

/// <summary>All-time totals of one post, kept by the Ingestor.</summary>
public sealed class PostStats
{
    public long PostId { get; set; }

    public long Views { get; set; }

    public long Likes { get; set; }

    public long Comments { get; set; }

    public long Shares { get; set; }

    /// <summary>Distinct users who viewed the post (its rows in <c>post_viewers</c>).</summary>
    public long Reach { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
