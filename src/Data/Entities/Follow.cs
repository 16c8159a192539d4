namespace Pulse.Data.Entities;

/// <summary><see cref="FollowerId"/> follows <see cref="FolloweeId"/>.</summary>
public sealed class Follow
{
    public long FollowerId { get; set; }

    public long FolloweeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When the Ingestor counted this follow (in <c>user_daily_activity.follows</c>, with a
    /// notification to the followee): once per follow, however many events claim it. Null until then.
    /// </summary>
    public DateTimeOffset? CountedAt { get; set; }
}
