using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.EventAnalytics;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Contracts.EventLog;
using Pulse.ServiceDefaults.MongoDB;

namespace Pulse.Api.Apis;

/// <summary>The view → like → comment-or-share funnel, from the event log or, for whole UTC days, from the aggregates.</summary>
public static class FunnelApi
{
    public const int DefaultWithinMinutes = 30;
    public const int MaxWithinMinutes = 24 * 60;

    public static IEndpointRouteBuilder MapFunnelApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/analytics/events/funnel", GetFunnel)
            .WithTags("Event analytics")
            .RequireAuthorization(PulseAuth.AnalystPolicy)
            .RequireRateLimiting(RateLimitPolicies.Analytics)
            .WithName(nameof(GetFunnel))
            .WithSummary("View → like → comment or share, with the drop-off at each step, for one post or all")
            .WithDescription(
                "Over from..to (default the last 7 days, at most 90). From the MongoDB event log each (user, post) pair is one journey: its first view in the range, " +
                "then its first like at or after it, then its first comment or share at or after that like, each within `withinMinutes` of the view (default 30, at most 1440); " +
                "the answer's unit is `users` and `ordered` is true. Without the event log (or when it does not answer) and for a range of whole UTC days, " +
                "the daily aggregates answer instead: events per step, `unit` `events`, `ordered` false, `source` `aggregates`. Otherwise 503.");
        return app;
    }

    public static async Task<Results<Ok<FunnelReport>, ValidationProblem, ProblemHttpResult>> GetFunnel(
        FunnelQuery funnel, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null, [FromQuery] long? postId = null,
        [FromQuery] int withinMinutes = DefaultWithinMinutes)
    {
        var errors = new ValidationErrors();
        var range = EventRange.Resolve(from, to, time.GetUtcNow(), errors);
        if (postId is <= 0)
        {
            errors.Add("postId", "Must be a positive post id.");
        }
        errors.InRange("withinMinutes", withinMinutes, 1, MaxWithinMinutes);
        if (errors.Any || range is not { } valid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        try
        {
            return await funnel.ExecuteAsync(valid, postId, TimeSpan.FromMinutes(withinMinutes), cancellationToken) is { } report
                ? TypedResults.Ok(report)
                : NoEventLogForPartialDays();
        }
        catch (Exception exception) when (exception is not OperationCanceledException && MongoFailures.IsTransient(exception))
        {
            return EventStoreProblems.Unavailable();
        }
    }

    private static ProblemHttpResult NoEventLogForPartialDays() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: EventStoreProblems.NotConfiguredTitle,
        detail: "This deployment has no MongoDB event log. The daily aggregates answer the funnel for whole UTC days: give 'from' and 'to' at midnight UTC.");
}
