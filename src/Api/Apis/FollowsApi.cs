using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Realtime;
using Pulse.Api.Security;
using Pulse.Api.Users;

namespace Pulse.Api.Apis;

/// <summary>Following and unfollowing: a row of <c>follows</c> and its event, changed together.</summary>
public static class FollowsApi
{
    public static IEndpointRouteBuilder MapFollowsApi(this IEndpointRouteBuilder app)
    {
        var follows = app.MapGroup("api/users").WithTags("Users").RequireRateLimiting(RateLimitPolicies.Default);

        follows.MapPut("{id:long}/following/{targetId:long}", Follow)
            .RequireAuthorization(PulseAuth.MemberOrAdminPolicy)
            .WithName(nameof(Follow))
            .WithSummary("User id follows targetId (idempotent)")
            .WithDescription("A signed-in user may follow for themselves only; an admin key for anyone. A new follow sends its user_follow event into the pipeline; 503 when it cannot, and then nothing changed.");
        follows.MapDelete("{id:long}/following/{targetId:long}", Unfollow)
            .RequireAuthorization(PulseAuth.MemberOrAdminPolicy)
            .WithName(nameof(Unfollow))
            .WithSummary("User id stops following targetId (idempotent)")
            .WithDescription("A signed-in user may unfollow for themselves only; an admin key for anyone. An ended follow sends its user_unfollow event into the pipeline; 503 when it cannot, and then nothing changed.");

        return app;
    }

    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Follow(
        long id, long targetId, ClaimsPrincipal caller, FollowGraph graph, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(() => graph.FollowAsync(id, targetId, cancellationToken), id, targetId, caller, context);

    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unfollow(
        long id, long targetId, ClaimsPrincipal caller, FollowGraph graph, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(() => graph.UnfollowAsync(id, targetId, cancellationToken), id, targetId, caller, context);

    /// <summary>Makes <paramref name="change"/> when the caller may act as user <paramref name="id"/> and the two users differ.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Func<Task<FollowChange>> change, long id, long targetId, ClaimsPrincipal caller, HttpContext context)
    {
        if (!caller.MayActAs(id))
        {
            return UsersApi.NotYours(id);
        }
        if (id == targetId)
        {
            return CannotFollowSelf();
        }
        try
        {
            return await change() switch
            {
                FollowChange.FollowerMissing => UsersApi.UserNotFound(id),
                FollowChange.FolloweeMissing => UsersApi.UserNotFound(targetId),
                _ => TypedResults.NoContent(),
            };
        }
        catch (StreamBacklogException)
        {
            context.Response.Headers.RetryAfter = StoreUnavailableExceptionHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The pipeline is behind; retry later",
                detail: "Nothing changed: a follow and its event go together, and the event pipeline takes no events now.");
        }
    }

    private static ValidationProblem CannotFollowSelf() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targetId"] = ["A user cannot follow themselves."] });
}
