namespace Pulse.Data.Entities;

/// <summary>
/// <see cref="UserId"/> likes <see cref="PostId"/> now, as the Ingestor applied the likes and
/// unlikes of the event stream; <c>post_stats.likes</c> moves only when a row comes or goes.
/// </summary>
public sealed class PostLike
{
    public long PostId { get; set; }

    public long UserId { get; set; }

    /// <summary>When the like that made the row happened.</summary>
    public DateTimeOffset LikedAt { get; set; }
}
