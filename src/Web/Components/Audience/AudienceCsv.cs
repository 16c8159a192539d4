using Pulse.Contracts.Analytics;
using Pulse.Web.Components.Charts;
using Pulse.Web.Components.Common;

namespace Pulse.Web.Components.Audience;

/// <summary>
/// The audience figures on screen as tables (<see cref="FigureTable"/>), handed to the browser as
/// CSV in a data: link. They are already in the circuit, so the file is exactly what the section shows,
/// without asking the Api again.
/// </summary>
public static class AudienceCsv
{
    public static FigureTable Heatmap(AudienceHeatmap heatmap) =>
        new FigureTable(
            ["weekday", "weekday_name", "hour", "events", "user_hours"],
            [.. heatmap.Cells.Select(cell => (IReadOnlyList<string>)[
                Format.Plain(cell.Weekday), Weekdays.Name(cell.Weekday), Format.Plain(cell.Hour), Format.Plain(cell.Events), Format.Plain(cell.UserHours)])]);

    public static FigureTable Retention(RetentionReport report) =>
        new FigureTable(
            ["cohort_start", "users", "period", "active_users", "share"],
            [.. report.Cohorts.SelectMany(cohort => cohort.Periods.Select(period => (IReadOnlyList<string>)[
                Format.IsoDay(cohort.Start), Format.Plain(cohort.Users), Format.Plain(period.Period), Format.Plain(period.ActiveUsers), Format.Plain(period.Share)]))]);
}
