namespace Pulse.Data.Seeding;

/// <summary>
/// Shares each seeded user-day's events out over a few hours of that UTC day, so the weekday × hour
/// heatmap has a shape: every user has an evening they are most active in, at their country's
/// local time, a little later at weekends. A user-day's hours add up to its events exactly.
/// </summary>
internal static class ActivityHours
{
    private const double PeakLocalHour = 20;
    private const double PeakSpread = 2.0;
    private const double HourSpread = 3.5;
    private const double WeekendDelay = 1.5;
    private const int MaxHoursPerDay = 8;

    /// <summary>Typical UTC offsets in whole hours of the seed's countries; any other is taken as UTC.</summary>
    private static readonly Dictionary<string, int> UtcOffsets = new(StringComparer.Ordinal)
    {
        ["IN"] = 5, ["US"] = -5, ["ID"] = 7, ["BR"] = -3, ["NG"] = 1, ["RU"] = 3, ["JP"] = 9, ["MX"] = -6,
        ["PH"] = 8, ["DE"] = 1, ["VN"] = 7, ["TR"] = 3, ["GB"] = 0, ["FR"] = 1, ["IT"] = 1, ["KR"] = 9,
        ["ES"] = 1, ["CA"] = -5, ["PL"] = 1, ["ZA"] = 2, ["AU"] = 10, ["NL"] = 1, ["UA"] = 2, ["SE"] = 1,
        ["RO"] = 2, ["PT"] = 0, ["IE"] = 0, ["FI"] = 2, ["NO"] = 1,
    };

    public static SeedUserHour[] Generate(IReadOnlyList<SeedUser> users, IReadOnlyList<SeedUserDay> userDays, Random random)
    {
        var peaks = new double[users.Count];
        for (var user = 0; user < users.Count; user++)
        {
            peaks[user] = PeakLocalHour + PeakSpread * random.StandardNormal() - UtcOffsets.GetValueOrDefault(users[user].Country);
        }

        var rows = new List<SeedUserHour>(userDays.Count * 3);
        var events = new long[24];
        foreach (var day in userDays)
        {
            Array.Clear(events);
            var weekend = day.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var hours = (int)Math.Min(Math.Min(day.Events, MaxHoursPerDay), 1 + random.Poisson(day.Events / 10.0));
            var perHour = day.Events / hours;
            for (var i = 0; i < hours; i++)
            {
                var hour = (int)Math.Round(peaks[day.UserIndex] + (weekend ? WeekendDelay : 0) + HourSpread * random.StandardNormal());
                events[((hour % 24) + 24) % 24] += perHour + (i < day.Events % hours ? 1 : 0);
            }
            for (var hour = 0; hour < 24; hour++)
            {
                if (events[hour] > 0)
                {
                    rows.Add(new SeedUserHour(day.UserIndex, day.Day, hour, events[hour]));
                }
            }
        }
        return [.. rows];
    }
}
