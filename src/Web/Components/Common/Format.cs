using System.Globalization;

namespace Pulse.Web.Components.Common;

/// <summary>How the dashboard writes numbers and times: the same everywhere, whatever the server's culture.</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Culture);

    /// <summary>A figure as a table behind a chart and its CSV hold it: invariant, no grouping, empty for none.</summary>
    public static string Plain(long value) => value.ToString(Culture);

    /// <inheritdoc cref="Plain(long)"/>
    public static string Plain(double? value) => value is { } number ? number.ToString("0.######", Culture) : "";

    /// <summary>A minute as ISO 8601 in UTC (<c>2026-11-20T12:34Z</c>), for tables and files.</summary>
    public static string IsoMinute(DateTimeOffset minute) => minute.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", Culture);

    /// <summary>A day as ISO 8601 (<c>2026-11-20</c>), for tables and files.</summary>
    public static string IsoDay(DateOnly day) => day.ToString("yyyy-MM-dd", Culture);

    public static string Count(long? value) => value is { } count ? Count(count) : "–";

    /// <summary>
    /// A figure to <paramref name="decimals"/> places, without them where it is whole at that
    /// precision: engagement 1111 is "1,111", not "1,111.0"; 12.5 stays "12.5".
    /// </summary>
    public static string Number(double value, int decimals = 1) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero) is var rounded && rounded == Math.Round(rounded)
            // "+ 0.0" turns a negative zero (-0.01 rounded) into "0", not "-0".
            ? (rounded + 0.0).ToString("N0", Culture)
            : value.ToString("N" + decimals.ToString(Culture), Culture);

    public static string Number(double? value, int decimals = 1) => value is { } number ? Number(number, decimals) : "–";

    /// <summary>A fraction as a signed percentage (0.5 → +50 %).</summary>
    public static string Growth(double? fraction) => fraction switch
    {
        null => "–",
        > 0 => "+" + (fraction.Value * 100).ToString("N0", Culture) + " %",
        _ => (fraction.Value * 100).ToString("N0", Culture) + " %",
    };

    /// <summary>A signed difference (the daily series' change from the day before is engagement, not a fraction).</summary>
    public static string Change(double? difference) => difference switch
    {
        null => "–",
        > 0 => "+" + Number(difference.Value),
        _ => Number(difference.Value),
    };

    public static string Share(double fraction) => (fraction * 100).ToString("N1", Culture) + " %";

    public static string Seconds(double seconds) => seconds switch
    {
        < 1 => "0 s",
        < 120 => seconds.ToString("N0", Culture) + " s",
        < 7200 => (seconds / 60).ToString("N0", Culture) + " min",
        _ => (seconds / 3600).ToString("N1", Culture) + " h",
    };

    /// <summary>How far figures trail the moment they were checked: tenths under ten seconds ("0.2 s"), then as <see cref="Seconds"/>.</summary>
    public static string Behind(double seconds) => seconds < 10 ? Math.Max(0, seconds).ToString("N1", Culture) + " s" : Seconds(seconds);

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("HH:mm:ss 'UTC'", Culture);

    public static string DateTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Culture);

    public static string Day(DateOnly day) => day.ToString("MMM d", Culture);

    public static string Minute(DateTimeOffset minute) => minute.ToUniversalTime().ToString("HH:mm", Culture);
}
