using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Realtime;
using Pulse.Api.Security;
using Pulse.Contracts.Realtime;

namespace Pulse.Api.Apis;

/// <summary>What is happening right now, as Redis counts it: events accepted per minute and active sessions.</summary>
public static class RealtimeApi
{
    public const int DefaultMinutes = 60;

    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        var realtime = app.MapGroup("api/realtime").WithTags("Realtime").RequireAuthorization(PulseAuth.AnalystPolicy).RequireRateLimiting(RateLimitPolicies.Default);

        realtime.MapGet("activity", GetEventActivity)
            .WithName(nameof(GetEventActivity))
            .WithSummary("Events accepted per minute, events in the last 24 hours and active sessions")
            .WithDescription($"minutes=1 to {EventMinutes.PerDay} (default {DefaultMinutes}): one entry per whole UTC minute, oldest first, the current minute last, zeros included. Events count in the minute the Api accepted them; resent ids do not count. One Redis round trip.");

        return app;
    }

    public static async Task<Results<Ok<EventActivity>, ValidationProblem>> GetEventActivity(
        EventActivityReader reader, CancellationToken cancellationToken, [FromQuery] int minutes = DefaultMinutes)
    {
        var errors = new ValidationErrors();
        errors.InRange("minutes", minutes, 1, EventMinutes.PerDay);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return TypedResults.Ok(await reader.ReadAsync(minutes, cancellationToken));
    }
}
