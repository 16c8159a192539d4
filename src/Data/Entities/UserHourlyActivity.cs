namespace Pulse.Data.Entities;

/// <summary>
/// How many events one user made in one hour (UTC, truncated), kept by the Ingestor: the source of
/// the weekday × hour activity heatmap, in any time zone whose offset is whole hours.
/// </summary>
public sealed class UserHourlyActivity
{
    public long UserId { get; set; }

    public DateTimeOffset Hour { get; set; }

    public long Events { get; set; }
}
