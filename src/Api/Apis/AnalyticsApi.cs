using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.Analytics;
using Pulse.Api.Problems;
using Pulse.Api.Security;
using Pulse.Contracts.Analytics;
using Pulse.Data.Analytics;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

/// <summary>
/// Window-function analytics over the PostgreSQL aggregates. Every window is a number of whole UTC
/// days ending today, or on <c>asOf</c> when given.
/// </summary>
public static class AnalyticsApi
{
    public const int MaxDays = 365;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("api/analytics").WithTags("Analytics").RequireAuthorization(PulseAuth.AnalystPolicy).RequireRateLimiting(RateLimitPolicies.Analytics);

        analytics.MapGet("posts/top", GetTopPosts)
            .WithName(nameof(GetTopPosts))
            .WithSummary("Top posts by engagement over the last N days")
            .WithDescription("Ranked overall (RANK) and within each author's posts (RANK ... PARTITION BY author).");
        analytics.MapGet("daily", GetDailyEngagement)
            .WithName(nameof(GetDailyEngagement))
            .WithSummary("Daily engagement with a 7-day moving average and day-over-day change");
        analytics.MapGet("posts/{id:long}/daily", GetPostDailyEngagement)
            .WithName(nameof(GetPostDailyEngagement))
            .WithSummary("One post's daily engagement with a 7-day moving average and day-over-day change")
            .WithDescription("Every day of the window, zeros included; 404 when there is no such post.");
        analytics.MapGet("authors/leaderboard", GetAuthorLeaderboard)
            .WithName(nameof(GetAuthorLeaderboard))
            .WithSummary("Authors by engagement over the last N days, with percentile and quartile");
        analytics.MapGet("users/most-followed", GetMostFollowed)
            .WithName(nameof(GetMostFollowed))
            .WithSummary("Users by follower count");
        analytics.MapGet("users/{id:long}", GetUserSummary)
            .WithName(nameof(GetUserSummary))
            .WithSummary("One user's reach, engagement and activity over the last N days");
        analytics.MapGet("users/{id:long}/follower-growth", GetUserFollowerGrowth)
            .WithName(nameof(GetUserFollowerGrowth))
            .WithSummary("One user's followers gained and lost per day, the net change and the running total")
            .WithDescription(FollowerGrowthDescription + " 404 when there is no such user.");
        analytics.MapGet("follower-growth", GetPlatformFollowerGrowth)
            .WithName(nameof(GetPlatformFollowerGrowth))
            .WithSummary("Follows made and removed per day on the whole platform, the net change and the running total")
            .WithDescription(FollowerGrowthDescription);
        analytics.MapGet("users/{id:long}/engagement-rates", GetAuthorEngagementRates)
            .WithName(nameof(GetAuthorEngagementRates))
            .WithSummary("An author's engagement rates per post, with the author's and the platform's medians")
            .WithDescription(EngagementRateDescription + $" Lists the author's posts published in the window, newest first, at most {EngagementRateQuery.MaxPosts}; 404 when there is no such user.");
        analytics.MapGet("posts/{id:long}/engagement-rate", GetPostEngagementRate)
            .WithName(nameof(GetPostEngagementRate))
            .WithSummary("One post's engagement rates beside its author's and the platform's medians")
            .WithDescription(EngagementRateDescription + " The post itself may be older than the window; 404 when there is no such post.");
        analytics.MapGet("users/{id:long}/audience-heatmap", GetFollowerHeatmap)
            .WithName(nameof(GetFollowerHeatmap))
            .WithSummary("When one user's followers are active: events and active user-hours per local weekday and hour")
            .WithDescription(HeatmapDescription + " The audience is the users who follow this user now. 404 when there is no such user.");
        analytics.MapGet("audience-heatmap", GetPlatformHeatmap)
            .WithName(nameof(GetPlatformHeatmap))
            .WithSummary("When the platform's users are active: events and active user-hours per local weekday and hour")
            .WithDescription(HeatmapDescription);
        analytics.MapGet("retention", GetRetentionCohorts)
            .WithName(nameof(GetRetentionCohorts))
            .WithSummary("Retention cohorts: users by the period they were first active in, and the share of each cohort active in each later period")
            .WithDescription(
                "grain=week (ISO weeks, Monday to Sunday, UTC; periods 1 to " + MaxRetentionWeeks + ", default " + DefaultRetentionWeeks + ") or grain=day " +
                "(UTC days; periods 1 to " + MaxRetentionDays + ", default " + DefaultRetentionDays + "). The cohorts are the last `periods` periods up to asOf (default today), " +
                "oldest first. A user's first activity is their first row of daily activity: activity older than that table's history is not known, and a user with any " +
                "activity before the oldest cohort is in no cohort. Each cohort lists periods 0 (its own) onwards up to the one holding asOf, which is partial; " +
                "periods yet to come are absent, not zero. share = activeUsers / users (0 for an empty cohort).");

        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<TopPost>>, ValidationProblem>> GetTopPosts(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 7, [FromQuery] int limit = 10, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit, asOf) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await services.TopPosts.ExecuteAsync(services.Window(days, asOf), limit, services.Weights, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<DailyEngagement>>, ValidationProblem>> GetDailyEngagement(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await services.Daily.ExecuteAsync(services.Window(days, asOf), services.Weights, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<DailyEngagement>>, ValidationProblem, ProblemHttpResult>> GetPostDailyEngagement(
        long id, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        var series = await services.PostDaily.ExecuteAsync(id, services.Window(days, asOf), services.Weights, cancellationToken);
        return series is null ? PostsApi.PostNotFound(id) : TypedResults.Ok(series);
    }

    public static async Task<Results<Ok<IReadOnlyList<AuthorStanding>>, ValidationProblem>> GetAuthorLeaderboard(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] int limit = 20, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit, asOf) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await services.Leaderboard.ExecuteAsync(services.Window(days, asOf), limit, services.Weights, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<FollowedUser>>, ValidationProblem>> GetMostFollowed(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken, [FromQuery] int limit = 20)
    {
        if (Validate(days: 1, limit, asOf: null) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await services.MostFollowed.ExecuteAsync(limit, cancellationToken));
    }

    public static async Task<Results<Ok<UserEngagementSummary>, ValidationProblem, ProblemHttpResult>> GetUserSummary(
        long id, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        var summary = await services.UserSummary.ExecuteAsync(id, services.Window(days, asOf), services.Weights, cancellationToken);
        return summary is null ? UsersApi.UserNotFound(id) : TypedResults.Ok(summary);
    }

    private const string FollowerGrowthDescription =
        "Every day of the window, zeros included. A follow counts as gained on the UTC day it was made and as lost on the day it was removed, " +
        "as the write path records them (triggers on follows, in the same transaction), not inferred from events; `total` is the running total at the end of each day. " +
        "Removals from before follower growth was recorded are not in the series.";

    public static async Task<Results<Ok<IReadOnlyList<FollowerGrowthDay>>, ValidationProblem, ProblemHttpResult>> GetUserFollowerGrowth(
        long id, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        var growth = await services.FollowerGrowth.ExecuteAsync(id, services.Window(days, asOf), cancellationToken);
        return growth is null ? UsersApi.UserNotFound(id) : TypedResults.Ok(growth);
    }

    public static async Task<Results<Ok<IReadOnlyList<FollowerGrowthDay>>, ValidationProblem>> GetPlatformFollowerGrowth(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok((await services.FollowerGrowth.ExecuteAsync(userId: null, services.Window(days, asOf), cancellationToken))!);
    }

    private const string EngagementRateDescription =
        "A post's interactions (likes, comments and shares, all time) divided by its reach (distinct users who viewed it) and by its author's followers " +
        "when it was published; a rate is null where its denominator is zero. The medians (percentile_cont(0.5)) are over the posts " +
        "published in the window (days ending asOf): the author's own and the whole platform's.";

    public static async Task<Results<Ok<AuthorEngagementRates>, ValidationProblem, ProblemHttpResult>> GetAuthorEngagementRates(
        long id, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        var rates = await services.EngagementRates.ForAuthorAsync(id, services.Window(days, asOf), cancellationToken);
        return rates is null ? UsersApi.UserNotFound(id) : TypedResults.Ok(rates);
    }

    public static async Task<Results<Ok<PostEngagementRateReport>, ValidationProblem, ProblemHttpResult>> GetPostEngagementRate(
        long id, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = 30, [FromQuery] DateOnly? asOf = null)
    {
        if (Validate(days, limit: 1, asOf) is { } problem)
        {
            return problem;
        }
        var report = await services.EngagementRates.ForPostAsync(id, services.Window(days, asOf), cancellationToken);
        return report is null ? PostsApi.PostNotFound(id) : TypedResults.Ok(report);
    }

    public const int DefaultHeatmapDays = 28;

    public const string HeatmapDescription =
        "All 7 x 24 cells, weekday ISO 8601 (1 = Monday ... 7 = Sunday) then hour 0-23, in the IANA time zone `tz` (default UTC), " +
        "over the UTC days of the window (default 28, so each weekday occurs 4 times). `events` is every event of the audience; " +
        "`userHours` is, for each UTC hour attributed to the cell, the distinct users active in it, summed over the window " +
        "(a user active on four Mondays at 09 counts 4). Each UTC hour is attributed whole to the local weekday and hour it starts in, " +
        "converted by PostgreSQL with the offset in force at that hour (daylight saving is exact); in zones with a non-whole-hour offset " +
        "(e.g. Asia/Kolkata, +05:30) an hour is not split. `best` names the cells with the most user-hours (all when tied; none when nobody was active). " +
        "Only users who exist count; activity is kept from every event of a user.";

    public static async Task<Results<Ok<AudienceHeatmap>, ValidationProblem, ProblemHttpResult>> GetFollowerHeatmap(
        long id, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = DefaultHeatmapDays, [FromQuery] DateOnly? asOf = null, [FromQuery] string tz = TimeZoneNames.Default)
    {
        if (ValidateHeatmap(days, asOf, tz) is { } problem)
        {
            return problem;
        }
        try
        {
            var heatmap = await services.Heatmap.ExecuteAsync(id, services.Window(days, asOf), tz, cancellationToken);
            return heatmap is null ? UsersApi.UserNotFound(id) : TypedResults.Ok(heatmap);
        }
        catch (UnknownTimeZoneException)
        {
            return UnknownTimeZone();
        }
    }

    public static async Task<Results<Ok<AudienceHeatmap>, ValidationProblem>> GetPlatformHeatmap(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] int days = DefaultHeatmapDays, [FromQuery] DateOnly? asOf = null, [FromQuery] string tz = TimeZoneNames.Default)
    {
        if (ValidateHeatmap(days, asOf, tz) is { } problem)
        {
            return problem;
        }
        try
        {
            return TypedResults.Ok((await services.Heatmap.ExecuteAsync(authorId: null, services.Window(days, asOf), tz, cancellationToken))!);
        }
        catch (UnknownTimeZoneException)
        {
            return UnknownTimeZone();
        }
    }

    public const int DefaultRetentionWeeks = 8;
    public const int MaxRetentionWeeks = 26;
    public const int DefaultRetentionDays = 14;
    public const int MaxRetentionDays = 90;

    public static async Task<Results<Ok<RetentionReport>, ValidationProblem>> GetRetentionCohorts(
        [AsParameters] AnalyticsServices services, CancellationToken cancellationToken,
        [FromQuery] string grain = RetentionGrain.Week, [FromQuery] int? periods = null, [FromQuery] DateOnly? asOf = null)
    {
        var errors = new ValidationErrors();
        errors.InDateRange("asOf", asOf);
        if (!RetentionGrain.All.Contains(grain, StringComparer.Ordinal))
        {
            errors.Add("grain", $"Must be one of: {string.Join(", ", RetentionGrain.All)}.");
        }
        else if (periods is { } asked)
        {
            errors.InRange("periods", asked, 1, grain == RetentionGrain.Week ? MaxRetentionWeeks : MaxRetentionDays);
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var count = periods ?? (grain == RetentionGrain.Week ? DefaultRetentionWeeks : DefaultRetentionDays);
        return TypedResults.Ok(await services.Retention.ExecuteAsync(grain, services.AsOf(asOf), count, cancellationToken));
    }

    private static ValidationProblem? ValidateHeatmap(int days, DateOnly? asOf, string tz)
    {
        var errors = new ValidationErrors();
        errors.InRange("days", days, 1, MaxDays);
        errors.InDateRange("asOf", asOf);
        if (!TimeZoneNames.IsKnown(tz))
        {
            errors.Add("tz", TimeZoneNames.Message);
        }
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : null;
    }

    private static ValidationProblem UnknownTimeZone() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tz"] = [TimeZoneNames.Message] });

    private static ValidationProblem? Validate(int days, int limit, DateOnly? asOf)
    {
        var errors = new ValidationErrors();
        errors.InRange("days", days, 1, MaxDays);
        errors.InRange("limit", limit, 1, MaxLimit);
        errors.InDateRange("asOf", asOf);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : null;
    }
}
