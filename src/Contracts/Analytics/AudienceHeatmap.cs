namespace Pulse.Contracts.Analytics;

/// <summary>
/// When an audience is active, per local weekday and hour: all 7 × 24 cells, Monday 00:00 first,
/// zeros included, over the UTC days <see cref="FirstDay"/> to <see cref="AsOf"/> (both included).
/// </summary>
/// <remarks>
/// Activity is kept per user and UTC hour. Each UTC hour is attributed, whole, to the local weekday
/// and hour it starts in (in <see cref="TimeZone"/>, with that instant's offset, so daylight saving
/// is right hour by hour). In a zone whose offset is not a whole number of hours (Asia/Kolkata,
/// +05:30) the UTC hour 03:00–04:00 counts in local hour 08 although half of it is 09:00–09:30.
/// </remarks>
/// <param name="AuthorId">Whose followers (the users who follow the author now); null for every user of the platform.</param>
/// <param name="TimeZone">The IANA time zone the weekdays and hours are in.</param>
/// <param name="Cells">168 cells ordered by weekday, then hour.</param>
/// <param name="Best">The cells with the most user-hours (all of them when tied); empty when nobody was active.</param>
public sealed record AudienceHeatmap(
    long? AuthorId,
    DateOnly FirstDay,
    DateOnly AsOf,
    string TimeZone,
    IReadOnlyList<HeatmapCell> Cells,
    IReadOnlyList<HeatmapCell> Best);

/// <summary>One local weekday and hour of an <see cref="AudienceHeatmap"/>.</summary>
/// <param name="Weekday">ISO 8601: 1 = Monday … 7 = Sunday.</param>
/// <param name="Hour">Local hour of the day, 0 to 23.</param>
/// <param name="Events">Every event of the audience in the UTC hours attributed to this cell.</param>
/// <param name="UserHours">
/// Active user-hours: for each UTC hour attributed to this cell, the distinct users with at least one
/// event in it, summed over the window's weeks. A user active on four Mondays at 09 counts 4; divide by
/// the number of weeks for the average active users of that hour.
/// </param>
public sealed record HeatmapCell(int Weekday, int Hour, long Events, long UserHours)
{
    public const int Weekdays = 7;
    public const int HoursPerDay = 24;

    /// <summary>The whole grid, Monday 00 to Sunday 23, each cell from <paramref name="cell"/>.</summary>
    public static IReadOnlyList<HeatmapCell> Grid(Func<int, int, HeatmapCell> cell) =>
        [.. Enumerable.Range(1, Weekdays).SelectMany(weekday => Enumerable.Range(0, HoursPerDay).Select(hour => cell(weekday, hour)))];

    /// <summary>The cells with the most user-hours, none when every cell is zero.</summary>
    public static IReadOnlyList<HeatmapCell> Busiest(IReadOnlyList<HeatmapCell> cells)
    {
        var most = cells.Count == 0 ? 0 : cells.Max(cell => cell.UserHours);
        return most == 0 ? [] : [.. cells.Where(cell => cell.UserHours == most)];
    }
}
