using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Notifications;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Api.Security.Sessions;

namespace Pulse.Api.Apis;

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/notifications")
            .WithTags("Notifications")
            .RequireRateLimiting(RateLimitPolicies.Default)
            .MapGet("stream", StreamNotifications)
            .RequireAuthorization(PulseAuth.MemberPolicy)
            .WithName(nameof(StreamNotifications))
            .WithSummary("The signed-in user's notifications and trending changes, as server-sent events")
            .WithDescription("Events 'ready' (first: the subscription is live), 'notification' (a post of yours was liked, commented or shared; someone followed you) and 'trending' (the top list changed), each with a JSON body. The stream ends within seconds of its session being revoked or expiring. A user may hold a few streams at once (5 by default); over that, 429.");

        return app;
    }

    public static async Task<Results<ServerSentEventsResult<JsonElement>, ProblemHttpResult>> StreamNotifications(
        HttpContext context, NotificationFeed notifications, NotificationStreams streams, CancellationToken cancellationToken)
    {
        var session = (Session)context.Items[SessionAuthenticationHandler.SessionItem]!;
        var stream = await streams.OpenAsync(session);
        if (stream is null)
        {
            // A place frees when one of the user's streams closes; at the latest, should their replica have died, when its lease lapses.
            context.Response.Headers.RetryAfter = streams.StreamLeaseSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many notification streams",
                detail: $"A user may hold {streams.MaxStreamsPerUser.ToString(CultureInfo.InvariantCulture)} notification streams open at once; close one first.");
        }
        return TypedResults.ServerSentEvents(stream.ReadAsync(notifications, cancellationToken));
    }
}
