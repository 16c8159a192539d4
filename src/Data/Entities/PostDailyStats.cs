namespace Pulse.Data.Entities;

/// <summary>One post's counts on one UTC day, kept by the Ingestor.</summary>
public sealed class PostDailyStats
{
    public long PostId { get; set; }

    /// <summary>
    /// The post's author, copied from the post (which never changes author) so per-author
    /// rankings read this table alone instead of joining every ranked post. No foreign key of its
    /// own: the post's already ties the row to its author, and deletes cascade through it.
    /// </summary>
    public long AuthorId { get; set; }

    public DateOnly Day { get; set; }

    public long Views { get; set; }

    public long Likes { get; set; }

    public long Comments { get; set; }

    public long Shares { get; set; }
}
