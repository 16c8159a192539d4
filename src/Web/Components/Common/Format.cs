using System.Globalization;

namespace Pulse.Web.Components.Common;

/// <summary>How the dashboard writes numbers and times: the same everywhere, whatever the server's culture.</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Culture);

    public static string Count(long? value) => value is { } count ? Count(count) : "–";

    public static string Number(double value, int decimals = 1) => value.ToString("N" + decimals.ToString(Culture), Culture);

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

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("HH:mm:ss 'UTC'", Culture);

    public static string DateTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Culture);

    public static string Day(DateOnly day) => day.ToString("MMM d", Culture);

    public static string Minute(DateTimeOffset minute) => minute.ToUniversalTime().ToString("HH:mm", Culture);
}
