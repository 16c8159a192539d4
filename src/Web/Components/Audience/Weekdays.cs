namespace Pulse.Web.Components.Audience;

/// <summary>Names of the ISO 8601 weekdays the heatmap numbers 1 (Monday) to 7 (Sunday).</summary>
public static class Weekdays
{
    private static readonly string[] Names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static string Name(int isoWeekday) => Names[isoWeekday - 1];

    public static string Abbreviation(int isoWeekday) => Names[isoWeekday - 1][..3];
}
