using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Pulse.Api.Realtime;
using Pulse.Api.Security;

namespace Pulse.Api.Events;

/// <summary>
/// Who a batch counts against and what that caller may send: an API key's own budget or the
/// default for keys, a session's (far lower) default, and everyone's share of the backlog cap.
/// </summary>
public sealed class EventBudgets(IOptions<IngestOptions> ingest, IOptions<RealtimeOptions> realtime)
{
    public CallerBudget For(ClaimsPrincipal caller)
    {
        var settings = ingest.Value;
        var perMinute = caller.IsSignedIn()
            ? settings.SessionEventsPerMinute
            : caller.FindFirstValue(PulseAuth.EventsPerMinuteClaim) is { } own ? int.Parse(own, CultureInfo.InvariantCulture) : settings.KeyEventsPerMinute;
        var cap = realtime.Value.StreamBacklogCap;
        var mostHeld = cap > 0 && settings.CallerBacklogShare < 1 ? Math.Max(1, (long)(cap * settings.CallerBacklogShare)) : 0;
        return new CallerBudget(CallerName(caller), perMinute, mostHeld);
    }

    /// <summary><c>key:{id}</c> for an API key, <c>user:{id}</c> for a session: one name per caller, whatever credential it presents.</summary>
    public static string CallerName(ClaimsPrincipal caller) =>
        caller.FindFirstValue(PulseAuth.KeyIdClaim) is { } keyId ? $"key:{keyId}" : $"user:{caller.UserId()}";
}
