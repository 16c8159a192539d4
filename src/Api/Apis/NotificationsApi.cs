using System.Net.ServerSentEvents;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Notifications;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;

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
            .WithDescription("Events 'ready' (first: the subscription is live), 'notification' (a post of yours was liked, commented or shared; someone followed you) and 'trending' (the top list changed), each with a JSON body.");

        return app;
    }

    public static ServerSentEventsResult<JsonElement> StreamNotifications(ClaimsPrincipal caller, NotificationFeed notifications, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(notifications.ReadAsync(caller.UserId()!.Value, cancellationToken));
}
