using Pulse.Contracts.EventLog;

namespace Pulse.Web.Components.Charts;

/// <summary>One labelled value of a breakdown chart.</summary>
public sealed record BreakdownSlice(string Label, double Value)
{
    public const string Unknown = "unknown";

    /// <summary>Events per device type (desktop, mobile, ...), summed over OSes, largest first.</summary>
    public static IReadOnlyList<BreakdownSlice> ByDeviceType(IEnumerable<DeviceActivity> rows) =>
        [.. rows.GroupBy(row => row.DeviceType ?? Unknown)
            .Select(group => new BreakdownSlice(group.Key, group.Sum(row => row.Events)))
            .OrderByDescending(slice => slice.Value)];

    /// <summary>Events per OS, summed over device types, largest first.</summary>
    public static IReadOnlyList<BreakdownSlice> ByOs(IEnumerable<DeviceActivity> rows) =>
        [.. rows.GroupBy(row => row.Os ?? Unknown)
            .Select(group => new BreakdownSlice(group.Key, group.Sum(row => row.Events)))
            .OrderByDescending(slice => slice.Value)];

    /// <summary>The <paramref name="top"/> countries by events, the rest summed as "other".</summary>
    public static IReadOnlyList<BreakdownSlice> ByCountry(IEnumerable<CountryActivity> rows, int top = 10)
    {
        var ordered = rows.OrderByDescending(row => row.Events).ToList();
        var slices = ordered.Take(top).Select(row => new BreakdownSlice(row.Country ?? Unknown, row.Events)).ToList();
        var rest = ordered.Skip(top).Sum(row => row.Events);
        if (rest > 0)
        {
            slices.Add(new BreakdownSlice("other", rest));
        }
        return slices;
    }

    /// <summary>All 24 hours of the day (UTC) in order, zeros included.</summary>
    public static IReadOnlyList<BreakdownSlice> ByHour(IEnumerable<HourlyActivity> rows)
    {
        var events = rows.ToDictionary(row => row.Hour, row => row.Events);
        return [.. Enumerable.Range(0, 24).Select(hour => new BreakdownSlice($"{hour:00}h", events.GetValueOrDefault(hour)))];
    }
}
