using System.Globalization;
using Pulse.Contracts.EventLog;
using Pulse.Web.Components.Charts;
using Pulse.Web.Components.Common;

namespace Pulse.Web.Components.Audience;

/// <summary>
/// A two-property breakdown's table as CSV (<see cref="FigureTable"/>): the cells the person sees,
/// then the rest. An empty value is one events did not say; the rest's row names itself in the
/// first column. Device and place names come from clients, so a formula among them is escaped.
/// </summary>
public static class BreakdownCsv
{
    public static FigureTable Table(EventBreakdownReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string>>(report.Cells.Count + 1);
        rows.AddRange(report.Cells.Select(cell => (IReadOnlyList<string>)[cell.First ?? "", cell.Second ?? "", Format.Plain(cell.Events), Format.Plain(cell.Users)]));
        if (report.Other is { } other)
        {
            rows.Add([OtherLabel(other), "", Format.Plain(other.Events), Format.Plain(other.Users)]);
        }
        return new FigureTable([report.By.WireName(), report.Then.WireName(), "events", "users"], rows);
    }

    public static string For(EventBreakdownReport report) => Table(report).ToCsv();

    public static string FileName(EventBreakdownReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"pulse-events-by-{report.By.WireName()}-and-{report.Then.WireName()}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.csv");

    public static string OtherLabel(BreakdownOther other) =>
        string.Create(CultureInfo.InvariantCulture, $"other ({other.Cells} {(other.Cells == 1 ? "cell" : "cells")})");
}
