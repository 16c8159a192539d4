using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.Problems;
using Pulse.Api.Realtime;
using Pulse.Contracts.Realtime;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

/// <summary>Trending posts from Redis, with their authors and excerpts from PostgreSQL (cached).</summary>
public static class TrendingApi
{
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapTrendingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/trending", GetTrending)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .WithTags("Trending")
            .WithName(nameof(GetTrending))
            .WithSummary("Trending posts")
            .WithDescription("window=decay (time-decayed score, half-life 2 h by default), 1h or 24h (weighted engagement in the window); limit 1 to 100.");

        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<TrendingPost>>, ValidationProblem>> GetTrending(
        [AsParameters] TrendingServices services, CancellationToken cancellationToken,
        [FromQuery] string? window = null, [FromQuery] int limit = 10)
    {
        var errors = new ValidationErrors();
        if (!TrendingWindows.TryParse(window, out var board))
        {
            errors.Add("window", $"Must be {TrendingWindows.DecayName}, {TrendingWindows.LastHourName} or {TrendingWindows.LastDayName}.");
        }
        errors.InRange("limit", limit, 1, MaxLimit);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var top = await services.Board.TopAsync(board, limit, cancellationToken);
        var posts = await services.Posts.GetAsync([.. top.Select(entry => entry.PostId)], cancellationToken);
        IReadOnlyList<TrendingPost> ranked =
        [
            .. top.Select((entry, index) => posts.TryGetValue(entry.PostId, out var post)
                ? new TrendingPost(index + 1, entry.PostId, entry.Score, post.AuthorHandle, post.Excerpt)
                : new TrendingPost(index + 1, entry.PostId, entry.Score, null, null)),
        ];
        return TypedResults.Ok(ranked);
    }
}
