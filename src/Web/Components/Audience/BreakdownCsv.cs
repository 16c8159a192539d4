using System.Globalization;
using System.Text;
using Pulse.Contracts.EventLog;

namespace Pulse.Web.Components.Audience;

/// <summary>
/// A two-property breakdown's table as CSV (RFC 4180): the cells the person sees, then the rest.
/// An empty value is one events did not say; the rest's row names itself in the first column.
/// </summary>
public static class BreakdownCsv
{
    public static string For(EventBreakdownReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, report.By.WireName(), report.Then.WireName(), "events", "users");
        foreach (var cell in report.Cells)
        {
            Line(csv, cell.First ?? "", cell.Second ?? "", Number(cell.Events), Number(cell.Users));
        }
        if (report.Other is { } other)
        {
            Line(csv, OtherLabel(other), "", Number(other.Events), Number(other.Users));
        }
        return csv.ToString();
    }

    /// <summary>The CSV as a data: address, so the download is exactly the table on screen, with no round trip.</summary>
    public static string DataUri(EventBreakdownReport report) => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(For(report));

    public static string FileName(EventBreakdownReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"pulse-events-by-{report.By.WireName()}-and-{report.Then.WireName()}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.csv");

    public static string OtherLabel(BreakdownOther other) =>
        string.Create(CultureInfo.InvariantCulture, $"other ({other.Cells} {(other.Cells == 1 ? "cell" : "cells")})");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Quoted)).Append("\r\n");
    }

    private static string Quoted(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
