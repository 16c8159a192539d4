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

    private static ValidationProblem? Validate(int days, int limit, DateOnly? asOf)
    {
        var errors = new ValidationErrors();
        errors.InRange("days", days, 1, MaxDays);
        errors.InRange("limit", limit, 1, MaxLimit);
        errors.InDateRange("asOf", asOf);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : null;
    }
}
