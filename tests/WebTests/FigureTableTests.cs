using Pulse.Contracts.EventLog;
using Pulse.Web.Components.Audience;
using Pulse.Web.Components.Charts;

namespace Pulse.WebTests;

/// <summary>The tables behind the charts as CSV: RFC 4180 quoting, numbers as numbers (a net loss stays -3), and no text a spreadsheet would run as a formula.</summary>
public sealed class FigureTableTests
{
    [Fact]
    public void Quotes_what_needs_quoting_and_escapes_what_a_spreadsheet_would_run()
    {
        var table = new FigureTable(["name", "value"], [["a, b", "say \"hi\""], ["=HYPERLINK(\"x\")", "-3"], ["+1", "@SUM(A1)"], ["0.026087", ""]]);

        Assert.Equal(
            "name,value\r\n" +
            "\"a, b\",\"say \"\"hi\"\"\"\r\n" +
            "\"'=HYPERLINK(\"\"x\"\")\",-3\r\n" +
            "\"'+1\",\"'@SUM(A1)\"\r\n" +
            "0.026087,\r\n",
            table.ToCsv());
    }

    [Fact]
    public void A_breakdown_s_device_names_from_clients_cannot_become_formulas_in_its_csv()
    {
        var report = new EventBreakdownReport(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), BreakdownProperty.DeviceType, BreakdownProperty.Country,
            null, new BreakdownFilters(), 20, [new BreakdownCell("=cmd|' /C calc'!A0", "DE", 3, 2)], null);

        Assert.StartsWith("deviceType,country,events,users\r\n\"'=cmd", BreakdownCsv.For(report), StringComparison.Ordinal);
    }
}
