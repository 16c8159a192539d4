using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.Problems;
using Pulse.Api.Realtime;
using Pulse.Contracts.Realtime;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

/// <summary>Posts' real-time counters from Redis: views, likes, comments and shares as events arrive.</summary>
public static class CountersApi
{
    public static IEndpointRouteBuilder MapCountersApi(this IEndpointRouteBuilder app)
    {
        // Like counts on a public post are public; every caller is still rate-limited.
        var counters = app.MapGroup("api").WithTags("Counters").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Default);

        counters.MapGet("posts/{id:long}/counters", GetPostCounters)
            .WithName(nameof(GetPostCounters))
            .WithSummary("A post's real-time counters");
        counters.MapGet("counters", GetCounters)
            .WithName(nameof(GetCounters))
            .WithSummary("Real-time counters of up to 100 posts")
            .WithDescription("postIds=1,2,3: 1 to 100 positive ids, answered in one Redis round trip.");

        return app;
    }

    public static async Task<Results<Ok<PostCounters>, ValidationProblem>> GetPostCounters(
        long id, PostCounterReader reader, CancellationToken cancellationToken)
    {
        if (id <= 0)
        {
            var errors = new ValidationErrors();
            errors.Add("id", "Must be a positive post id.");
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var counters = await reader.ReadAsync([id], cancellationToken);
        return TypedResults.Ok(counters[0]);
    }

    public static async Task<Results<Ok<IReadOnlyList<PostCounters>>, ValidationProblem>> GetCounters(
        PostCounterReader reader, CancellationToken cancellationToken, [FromQuery] string? postIds = null)
    {
        var errors = new ValidationErrors();
        if (PostIdList.Parse(postIds, "postIds", errors) is not { } ids)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return TypedResults.Ok(await reader.ReadAsync(ids, cancellationToken));
    }
}
