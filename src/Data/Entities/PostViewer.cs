namespace Pulse.Data.Entities;

/// <summary>
/// A user who has viewed a post, kept by the Ingestor from view events: the post's reach is the
/// number of its rows (kept as <see cref="PostStats.Reach"/>, so no query counts them).
/// </summary>
public sealed class PostViewer
{
    public long PostId { get; set; }

    public long UserId { get; set; }

    /// <summary>When the first of the user's views of the post that reached the Ingestor happened.</summary>
    public DateTimeOffset FirstViewedAt { get; set; }
}
