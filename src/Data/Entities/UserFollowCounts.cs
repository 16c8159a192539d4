namespace Pulse.Data.Entities;

/// <summary>
/// How many users follow <see cref="UserId"/> and how many it follows. Kept by statement-level
/// triggers on <c>follows</c> (every writer, COPY included, keeps it exact), so a profile or the
/// most-followed ranking never counts a celebrity's followers row by row.
/// </summary>
public sealed class UserFollowCounts
{
    public long UserId { get; set; }

    public long Followers { get; set; }

    public long Following { get; set; }
}
