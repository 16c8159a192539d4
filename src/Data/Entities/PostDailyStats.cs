namespace Pulse.Data.Entities;

/// <summary>One post's counts on one UTC day, kept by the Ingestor.</summary>
public sealed class PostDailyStats
{
    public long PostId { get; set; }

    public DateOnly Day { get; set; }

    public long Views { get; set; }

    public long Likes { get; set; }

    public long Comments { get; set; }

    public long Shares { get; set; }
}
