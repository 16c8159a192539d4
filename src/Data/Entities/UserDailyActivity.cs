namespace Pulse.Data.Entities;

/// <summary>What one user did on one UTC day, kept by the Ingestor.</summary>
public sealed class UserDailyActivity
{
    public long UserId { get; set; }

    public DateOnly Day { get; set; }

    /// <summary>Every event of the user that day, whatever its type.</summary>
    public long Events { get; set; }

    public long PostViews { get; set; }

    public long Likes { get; set; }

    public long Comments { get; set; }

    public long Shares { get; set; }

    public long Follows { get; set; }

    public long Sessions { get; set; }
}
