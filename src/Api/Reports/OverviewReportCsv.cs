using System.Globalization;
using CsvHelper;
using Pulse.Contracts.Reports;

namespace Pulse.Api.Reports;

/// <summary>
/// The overview report as one CSV file (RFC 4180, UTF-8, CRLF) of sections, in this order:
/// <c>report</c>, <c>trending</c>, <c>daily</c>, <c>totals</c>, <c>devices</c>, <c>countries</c>, <c>hours</c>.
/// Each section is a record <c>section,NAME,ROWS</c>, then its header record, then exactly ROWS
/// data records, so a reader never has to guess where one ends. Numbers are invariant (decimal
/// point, doubles as the shortest text that round-trips), dates and times ISO 8601, booleans
/// <c>true</c>/<c>false</c>, an empty field is null, and a text field that a spreadsheet would run
/// as a formula (starting with = + - @, tab or CR) starts with a <c>'</c>.
/// </summary>
public static class OverviewReportCsv
{
    public const string ContentType = "text/csv";
    public const string SectionMarker = "section";

    public static readonly IReadOnlyList<string> Sections = ["report", "trending", "daily", "totals", "devices", "countries", "hours"];

    // Sections differ in width; text from users and clients must not become a formula.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        ValidateFieldCount = false,
        Injection = CsvInjection.Escape,
        TrueValue = "true",
        FalseValue = "false",
    };

    /// <summary>The download's name: the window and the UTC day the report was built on.</summary>
    public static string FileName(OverviewReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"pulse-overview-{report.Days}d-{report.GeneratedAt.UtcDateTime:yyyy-MM-dd}.csv");

    public static byte[] Write(OverviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            WriteReport(csv, report);
            WriteTrending(csv, report.Trending);
            WriteDaily(csv, report);
            WriteTotals(csv, report.Totals);
            WriteEvents(csv, report.Events);
        }
        return buffer.ToArray();
    }

    private static void WriteReport(CsvWriter csv, OverviewReport report)
    {
        Section(csv, "report", 1, "days", "generated_at", "active_sessions", "events_last_24_hours", "events_available", "events_reason");
        csv.WriteField(report.Days, default);
        csv.WriteField(report.GeneratedAt, default);
        csv.WriteField(report.Live.ActiveSessions, default);
        csv.WriteField(report.Live.EventsLast24Hours, default);
        csv.WriteField(report.Events.Available);
        csv.WriteField(report.Events.Reason);
        csv.EndRecord();
    }

    private static void WriteTrending(CsvWriter csv, IReadOnlyList<ReportPost> posts)
    {
        Section(csv, "trending", posts.Count,
            "trending_rank", "post_id", "trending_score", "views", "likes", "comments", "shares",
            "author_id", "author_handle", "excerpt", "engagement", "rank", "rank_within_author", "day_over_day_growth");
        foreach (var post in posts)
        {
            csv.WriteField(post.TrendingRank, default);
            csv.WriteField(post.PostId, default);
            csv.WriteField(post.TrendingScore, default);
            csv.WriteField(post.Live.Views, default);
            csv.WriteField(post.Live.Likes, default);
            csv.WriteField(post.Live.Comments, default);
            csv.WriteField(post.Live.Shares, default);
            csv.WriteField(post.AuthorId, default);
            csv.WriteField(post.AuthorHandle);
            csv.WriteField(post.Excerpt);
            csv.WriteField(post.Engagement, default);
            csv.WriteField(post.Rank, default);
            csv.WriteField(post.RankWithinAuthor, default);
            csv.WriteField(post.DayOverDayGrowth, default);
            csv.EndRecord();
        }
    }

    private static void WriteDaily(CsvWriter csv, OverviewReport report)
    {
        Section(csv, "daily", report.Daily.Count,
            "day", "views", "likes", "comments", "shares", "engagement", "moving_average_7_days", "change_from_previous_day");
        foreach (var day in report.Daily)
        {
            csv.WriteField(day.Day, default);
            csv.WriteField(day.Views, default);
            csv.WriteField(day.Likes, default);
            csv.WriteField(day.Comments, default);
            csv.WriteField(day.Shares, default);
            csv.WriteField(day.Engagement, default);
            csv.WriteField(day.MovingAverage7Days, default);
            csv.WriteField(day.ChangeFromPreviousDay, default);
            csv.EndRecord();
        }
    }

    private static void WriteTotals(CsvWriter csv, PlatformTotals totals)
    {
        Section(csv, "totals", 1, "users", "posts", "follows", "views", "likes", "comments", "shares", "engagement");
        csv.WriteField(totals.Users, default);
        csv.WriteField(totals.Posts, default);
        csv.WriteField(totals.Follows, default);
        csv.WriteField(totals.Views, default);
        csv.WriteField(totals.Likes, default);
        csv.WriteField(totals.Comments, default);
        csv.WriteField(totals.Shares, default);
        csv.WriteField(totals.Engagement, default);
        csv.EndRecord();
    }

    private static void WriteEvents(CsvWriter csv, EventBreakdown events)
    {
        Section(csv, "devices", events.Devices.Count, "device_type", "os", "events", "users");
        foreach (var device in events.Devices)
        {
            csv.WriteField(device.DeviceType);
            csv.WriteField(device.Os);
            csv.WriteField(device.Events, default);
            csv.WriteField(device.Users, default);
            csv.EndRecord();
        }
        Section(csv, "countries", events.Countries.Count, "country", "events", "users");
        foreach (var country in events.Countries)
        {
            csv.WriteField(country.Country);
            csv.WriteField(country.Events, default);
            csv.WriteField(country.Users, default);
            csv.EndRecord();
        }
        Section(csv, "hours", events.Hours.Count, "hour", "events", "users");
        foreach (var hour in events.Hours)
        {
            csv.WriteField(hour.Hour, default);
            csv.WriteField(hour.Events, default);
            csv.WriteField(hour.Users, default);
            csv.EndRecord();
        }
    }

    private static void Section(CsvWriter csv, string name, int rows, params ReadOnlySpan<string> header)
    {
        csv.WriteField(SectionMarker);
        csv.WriteField(name);
        csv.WriteField(rows, default);
        csv.EndRecord();
        csv.WriteHeader(header);
    }
}
