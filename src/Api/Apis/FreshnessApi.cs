using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Freshness;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Contracts.Pipeline;

namespace Pulse.Api.Apis;

/// <summary>How fresh the figures are: the PostgreSQL aggregates' applied watermark, from the event stream.</summary>
public static class FreshnessApi
{
    public static IEndpointRouteBuilder MapFreshnessApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/freshness")
            .WithTags("Freshness").RequireAuthorization(PulseAuth.AnalystPolicy).RequireRateLimiting(RateLimitPolicies.Default)
            .MapGet("", GetAggregatesFreshness)
            .WithName(nameof(GetAggregatesFreshness))
            .WithSummary("Until when the PostgreSQL aggregates hold every accepted event, and how far that trails now")
            .WithDescription("The watermark is the time of the oldest event-stream entry the `aggregates` consumer group has not acknowledged, or the inspection time when it is caught up; null when the group does not exist. `isBehind` says whether it trails by more than `Pulse:Freshness:BehindThreshold` (10 s); `state` says whether an operator paused or retired the group. One inspection (a few Redis round trips) answers every caller for `Pulse:Freshness:CacheDuration` (1 s). Figures Redis serves (counters, trending, activity) are live and need no watermark.");
        return app;
    }

    public static async Task<Ok<AggregatesFreshness>> GetAggregatesFreshness(AggregatesWatermark watermark, CancellationToken cancellationToken) =>
        TypedResults.Ok(await watermark.ReadAsync(cancellationToken));
}
