using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Reports;
using Pulse.Api.Security;
using Pulse.Contracts.Reports;

namespace Pulse.Api.Apis;

/// <summary>Reports that join all three stores: Redis (now), PostgreSQL (the window), MongoDB (who and from where).</summary>
public static class ReportsApi
{
    public const int DefaultDays = 7;
    public const int MaxDays = 90;

    private static readonly string Window =
        $"days=1 to {MaxDays} (default {DefaultDays}): whole UTC days ending today. The report is cached in Redis for a few seconds " +
        "(Pulse:Reports:CacheDuration) and keeps the generatedAt of its build; fresh=true builds it anew (and caches that). " +
        "Without MongoDB, or when it fails or is slow, events.available is false with the reason, and the rest of the report stands.";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("api/reports").WithTags("Reports").RequireAuthorization(PulseAuth.AnalystPolicy).RequireRateLimiting(RateLimitPolicies.Analytics);

        reports.MapGet("overview", GetOverviewReport)
            .WithName(nameof(GetOverviewReport))
            .WithSummary("Overview: trending posts with their live counters, standings and growth, platform totals, the daily series and the events' devices, countries and hours")
            .WithDescription(Window);
        reports.MapGet("overview.csv", GetOverviewReportCsv)
            .WithName(nameof(GetOverviewReportCsv))
            .WithSummary("The overview report as a CSV download")
            .WithDescription(Window + " " +
                "The CSV (RFC 4180, UTF-8, CRLF) is a file of sections in this order: report, trending, daily, totals, devices, countries, hours. " +
                "Each section is a record 'section,NAME,ROWS', its header record, then exactly ROWS data records. " +
                "report: days, generated_at, active_sessions, events_last_24_hours, events_available, events_reason. " +
                "trending: trending_rank, post_id, trending_score, views, likes, comments, shares, author_id, author_handle, excerpt, engagement, rank, rank_within_author, day_over_day_growth. " +
                "daily: day, views, likes, comments, shares, engagement, moving_average_7_days, change_from_previous_day. " +
                "totals: users, posts, follows, views, likes, comments, shares, engagement. " +
                "devices: device_type, os, events, users. countries: country, events, users. hours: hour, events, users. " +
                "Numbers use a decimal point, dates and times ISO 8601, booleans true/false; an empty field is null; " +
                "text that a spreadsheet would run as a formula (starting with = + - @) starts with an apostrophe. " +
                "Saved as pulse-overview-{days}d-{yyyy-MM-dd}.csv, the day the report was built (UTC).")
            .Produces<string>(StatusCodes.Status200OK, OverviewReportCsv.ContentType);

        return app;
    }

    public static async Task<Results<Ok<OverviewReport>, ValidationProblem>> GetOverviewReport(
        OverviewReportBuilder reports, CancellationToken cancellationToken,
        [FromQuery] int days = DefaultDays, [FromQuery] bool fresh = false)
    {
        if (Validate(days) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await reports.GetAsync(days, fresh, cancellationToken));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> GetOverviewReportCsv(
        OverviewReportBuilder reports, CancellationToken cancellationToken,
        [FromQuery] int days = DefaultDays, [FromQuery] bool fresh = false)
    {
        if (Validate(days) is { } problem)
        {
            return problem;
        }
        var report = await reports.GetAsync(days, fresh, cancellationToken);
        return TypedResults.File(OverviewReportCsv.Write(report), OverviewReportCsv.ContentType + "; charset=utf-8", OverviewReportCsv.FileName(report));
    }

    private static ValidationProblem? Validate(int days)
    {
        var errors = new ValidationErrors();
        errors.InRange("days", days, 1, MaxDays);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : null;
    }
}
