using Pulse.Contracts.Analytics;
using Pulse.Web.Components.Charts;
using Pulse.Web.Components.Common;

namespace Pulse.Web.Components.Audience;

/// <summary>
/// The audience figures on screen as CSV (<see cref="FigureTable"/>), handed to the browser as a
/// data: link. They are already in the circuit, so the file is exactly what the section shows,
/// without asking the Api again.
/// </summary>
public static class AudienceCsv
{
    public static string Heatmap(AudienceHeatmap heatmap) =>
        new FigureTable(
            ["weekday", "weekday_name", "hour", "events", "user_hours"],
            [.. heatmap.Cells.Select(cell => (IReadOnlyList<string>)[
                Format.Plain(cell.Weekday), Weekdays.Name(cell.Weekday), Format.Plain(cell.Hour), Format.Plain(cell.Events), Format.Plain(cell.UserHours)])])
        .ToCsv();

    public static string Retention(RetentionReport report) =>
        new FigureTable(
            ["cohort_start", "users", "period", "active_users", "share"],
            [.. report.Cohorts.SelectMany(cohort => cohort.Periods.Select(period => (IReadOnlyList<string>)[
                Format.IsoDay(cohort.Start), Format.Plain(cohort.Users), Format.Plain(period.Period), Format.Plain(period.ActiveUsers), Format.Plain(period.Share)]))])
        .ToCsv();

    public static string DataUri(string csv) => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(csv);
}
