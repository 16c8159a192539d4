using System.Text;
using Pulse.Api.Reports;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Reports;
using Pulse.TestSupport;

namespace Pulse.UnitTests.Reports;

/// <summary>The overview report's CSV: its sections, its exact text where it matters, and that it reads back.</summary>
public class OverviewReportCsvTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 20, 23, 59, 30, 125, TimeSpan.Zero);

    private static readonly OverviewReport Report = new(
        Days: 2,
        GeneratedAt: GeneratedAt,
        Live: new LiveActivity(ActiveSessions: 3, EventsLast24Hours: 1234),
        Trending:
        [
            new ReportPost(1, 10, 24.5, new PostCounters(10, 5, 2, 1, 3), 1, "ada", "Hello, \"world\"\nsecond line", 31, 3, 2, 1.1),
            new ReportPost(2, 999, 0.1 + 0.2, new PostCounters(999, 0, 0, 1, 0), null, null, null, null, null, null, null),
            new ReportPost(3, 12, 3, new PostCounters(12, 0, 1, 0, 0), 2, "bob", "=HYPERLINK(\"http://evil\")", 120, 1, 1, -0.5),
        ],
        Totals: new PlatformTotals(3, 5, 3, 60, 5, 1, 15, 200),
        Daily:
        [
            new DailyEngagement(new DateOnly(2026, 11, 19), 10, 0, 0, 10, 90, 20, null),
            new DailyEngagement(new DateOnly(2026, 11, 20), 10, 2, 1, 5, 61, 200 / 7.0, -29),
        ],
        Events: new EventBreakdown(true, null,
            [new DeviceActivity("mobile", "iOS", 4, 2), new DeviceActivity(null, null, 1, 1)],
            [new CountryActivity("DE", 3, 2), new CountryActivity(null, 2, 1)],
            [.. Enumerable.Range(0, 24).Select(hour => new HourlyActivity(hour, hour == 9 ? 5 : 0, hour == 9 ? 3 : 0))]));

    [Fact]
    public void Starts_with_the_report_section_in_rfc_4180_with_crlf()
    {
        var text = Encoding.UTF8.GetString(OverviewReportCsv.Write(Report));

        Assert.StartsWith(
            "section,report,1\r\n" +
            "days,generated_at,active_sessions,events_last_24_hours,events_available,events_reason\r\n" +
            "2,2026-11-20T23:59:30.1250000+00:00,3,1234,true,\r\n" +
            "section,trending,3\r\n",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_section_comes_in_order_with_as_many_records_as_it_announces()
    {
        var sections = CsvSections.Read(OverviewReportCsv.Write(Report));

        Assert.Equal(OverviewReportCsv.Sections, sections.Names);
        Assert.Equal([1, 3, 2, 1, 2, 2, 24], OverviewReportCsv.Sections.Select(name => sections[name].Rows.Count));
    }

    [Fact]
    public void Trending_posts_read_back_with_quotes_line_breaks_and_nulls_intact()
    {
        var trending = CsvSections.Read(OverviewReportCsv.Write(Report))["trending"];

        Assert.Equal(
            ["1", "10", "24.5", "5", "2", "1", "3", "1", "ada", "Hello, \"world\"\nsecond line", "31", "3", "2", "1.1"],
            trending.Rows[0]);
        // A post PostgreSQL does not know: its standing is empty; the score round-trips exactly.
        Assert.Equal(["2", "999", "0.30000000000000004", "0", "0", "1", "0", "", "", "", "", "", "", ""], trending.Rows[1]);
    }

    [Fact]
    public void Text_a_spreadsheet_would_run_as_a_formula_is_escaped_but_negative_numbers_are_not()
    {
        var text = Encoding.UTF8.GetString(OverviewReportCsv.Write(Report));
        var sections = CsvSections.Read(OverviewReportCsv.Write(Report));

        Assert.Equal("'=HYPERLINK(\"http://evil\")", sections["trending"].Field(2, "excerpt"));
        Assert.Equal("-0.5", sections["trending"].Field(2, "day_over_day_growth"));
        Assert.Contains("\r\n2026-11-20,10,2,1,5,61,28.571428571428573,-29\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Daily_totals_and_events_carry_every_column()
    {
        var sections = CsvSections.Read(OverviewReportCsv.Write(Report));

        Assert.Equal(["2026-11-19", "10", "0", "0", "10", "90", "20", ""], sections["daily"].Rows[0]);
        Assert.Equal(["3", "5", "3", "60", "5", "1", "15", "200"], sections["totals"].Rows[0]);
        Assert.Equal([["mobile", "iOS", "4", "2"], ["", "", "1", "1"]], sections["devices"].Rows);
        Assert.Equal([["DE", "3", "2"], ["", "2", "1"]], sections["countries"].Rows);
        Assert.Equal(["9", "5", "3"], sections["hours"].Rows[9]);
    }

    [Fact]
    public void Without_the_event_store_the_event_sections_are_empty_and_the_reason_is_given()
    {
        var report = Report with { Events = new EventBreakdown(false, "No MongoDB is configured, so: nothing.", [], [], []) };

        var sections = CsvSections.Read(OverviewReportCsv.Write(report));

        Assert.Equal(("false", "No MongoDB is configured, so: nothing."),
            (sections["report"].Field(0, "events_available"), sections["report"].Field(0, "events_reason")));
        Assert.All(["devices", "countries", "hours"], name => Assert.Empty(sections[name].Rows));
        Assert.Equal(["hour", "events", "users"], sections["hours"].Header);
    }

    [Fact]
    public void The_file_is_named_after_the_window_and_the_utc_day_it_was_built()
    {
        var lateInBerlin = Report with { GeneratedAt = new DateTimeOffset(2026, 11, 21, 0, 30, 0, TimeSpan.FromHours(1)) };

        Assert.Equal("pulse-overview-2d-2026-11-20.csv", OverviewReportCsv.FileName(Report));
        Assert.Equal("pulse-overview-2d-2026-11-20.csv", OverviewReportCsv.FileName(lateInBerlin));
    }
}
