namespace Pulse.Data.Entities;

/// <summary>
/// Followers <see cref="UserId"/> gained and lost on one UTC <see cref="Day"/>: a follow counts as
/// gained on the day it was made, and as lost on the day it was removed. Kept by statement-level
/// triggers on <c>follows</c>, in the transaction that changes it, so the growth series is exact,
/// not inferred from events.
/// </summary>
public sealed class UserFollowerDay
{
    public long UserId { get; set; }

    public DateOnly Day { get; set; }

    public long Gained { get; set; }

    public long Lost { get; set; }
}
