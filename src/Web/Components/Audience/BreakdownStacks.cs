using MudBlazor;
using Pulse.Contracts.EventLog;
using Pulse.Web.Components.Charts;

namespace Pulse.Web.Components.Audience;

/// <summary>
/// A two-property breakdown's cells as a stacked bar chart: one bar per first value, in the
/// cells' order (most events first), one stacked series per second value; "other" is not drawn.
/// </summary>
public sealed record BreakdownStacks(string[] Labels, List<ChartSeries<double>> Series)
{
    public static BreakdownStacks From(IReadOnlyList<BreakdownCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var firsts = cells.Select(cell => Label(cell.First)).Distinct().ToList();
        var seconds = cells.Select(cell => Label(cell.Second)).Distinct().ToList();
        var events = cells.ToDictionary(cell => (Label(cell.First), Label(cell.Second)), cell => (double)cell.Events);
        var series = seconds.Select(second => new ChartSeries<double>
        {
            Name = second,
            Data = firsts.Select(first => events.GetValueOrDefault((first, second))).ToArray(),
        }).ToList();
        return new BreakdownStacks([.. firsts], series);
    }

    private static string Label(string? value) => value ?? BreakdownSlice.Unknown;
}
