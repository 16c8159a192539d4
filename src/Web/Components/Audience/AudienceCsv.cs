using System.Globalization;
using System.Text;
using Pulse.Contracts.Analytics;

namespace Pulse.Web.Components.Audience;

/// <summary>
/// The audience figures on screen as CSV, handed to the browser as a data: link. They are already in
/// the circuit, so the file is exactly what the section shows, without asking the Api again.
/// </summary>
public static class AudienceCsv
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Heatmap(AudienceHeatmap heatmap)
    {
        var csv = new StringBuilder("weekday,weekday_name,hour,events,user_hours\n");
        foreach (var cell in heatmap.Cells)
        {
            csv.Append(Invariant, $"{cell.Weekday},{Weekdays.Name(cell.Weekday)},{cell.Hour},{cell.Events},{cell.UserHours}\n");
        }
        return csv.ToString();
    }

    public static string Retention(RetentionReport report)
    {
        var csv = new StringBuilder("cohort_start,users,period,active_users,share\n");
        foreach (var cohort in report.Cohorts)
        {
            foreach (var period in cohort.Periods)
            {
                csv.Append(Invariant, $"{cohort.Start:yyyy-MM-dd},{cohort.Users},{period.Period},{period.ActiveUsers},{period.Share:0.####}\n");
            }
        }
        return csv.ToString();
    }

    public static string DataUri(string csv) => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(csv);
}
