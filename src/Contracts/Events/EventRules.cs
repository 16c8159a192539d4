using System.Collections.Frozen;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Validation;

namespace Pulse.Contracts.Events;

/// <summary>
/// Every rule an ingested event must follow, in one place: the types and the fields each needs,
/// the accepted time window and the size limits. The Api enforces them; the simulator and the
/// tests read them.
/// </summary>
public static partial class EventRules
{
    public const int MaxEventsPerBatch = 1_000;

    /// <summary>Largest accepted request body (1 MiB); bigger bodies get 413.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public const int MaxPropertyKeys = 32;

    /// <summary>Nesting of <c>properties</c>: the properties object itself is level 1.</summary>
    public const int MaxPropertyDepth = 3;

    /// <summary>Longest string anywhere in an event (property values and keys included), in UTF-16 chars.</summary>
    public const int MaxStringLength = 1_024;

    /// <summary>Longest device type, OS, browser or city.</summary>
    public const int MaxLabelLength = 64;

    /// <summary>What each type needs besides a user.</summary>
    public static readonly FrozenDictionary<string, EventShape> Shapes = new Dictionary<string, EventShape>(StringComparer.Ordinal)
    {
        [EventTypes.SessionStart] = EventShape.UserOnly,
        [EventTypes.SessionEnd] = EventShape.UserOnly,
        [EventTypes.PostView] = EventShape.OnPost,
        [EventTypes.PostLike] = EventShape.OnPost,
        [EventTypes.PostUnlike] = EventShape.OnPost,
        [EventTypes.PostShare] = EventShape.OnPost,
        [EventTypes.PostComment] = EventShape.OnPost,
        [EventTypes.UserFollow] = EventShape.OnUser,
        [EventTypes.UserUnfollow] = EventShape.OnUser,
        [EventTypes.ProfileView] = EventShape.OnUser,
        [EventTypes.Search] = EventShape.UserOnly,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Checks one event. <paramref name="userKnown"/> is true when the caller supplies the user
    /// (a session), so the event may omit it. Returns the errors found, none when it is valid.
    /// </summary>
    public static List<EventError> Validate(IngestEvent? @event, int index, EventWindow window, bool userKnown)
    {
        var errors = new List<EventError>();
        void Fail(string field, string reason) => errors.Add(new EventError(index, field, reason));

        if (@event is null)
        {
            Fail("event", "Must be an event object, not null.");
            return errors;
        }

        EventShape? shape = null;
        if (string.IsNullOrEmpty(@event.Type))
        {
            Fail("type", "Is required.");
        }
        else if (!Shapes.TryGetValue(@event.Type, out var known))
        {
            Fail("type", $"Unknown type; one of: {string.Join(", ", Shapes.Keys.Order(StringComparer.Ordinal))}.");
        }
        else
        {
            shape = known;
        }

        if (@event.Id == Guid.Empty)
        {
            Fail("id", "Must not be the empty UUID; omit it to have one assigned.");
        }

        if (@event.UserId is null && !userKnown)
        {
            Fail("userId", "Is required with an API key (a session supplies its own user).");
        }
        else if (@event.UserId is <= 0)
        {
            Fail("userId", "Must be a positive user id.");
        }

        CheckReference(shape == EventShape.OnPost, @event.PostId, "postId", "post", @event.Type, Fail);
        CheckReference(shape == EventShape.OnUser, @event.TargetUserId, "targetUserId", "user", @event.Type, Fail);

        if (@event.Timestamp is { } timestamp && !window.Contains(timestamp))
        {
            Fail("timestamp", $"Must lie between {window.Earliest:O} and {window.Latest:O} (at most {window.MaxAge.TotalDays:0.##} days back, {window.MaxAhead.TotalMinutes:0.##} minutes ahead).");
        }

        if (@event.Device is { } device)
        {
            CheckLabel(device.Type, "device.type", Fail);
            CheckLabel(device.Os, "device.os", Fail);
            CheckLabel(device.Browser, "device.browser", Fail);
        }

        if (@event.Geo is { } geo)
        {
            if (geo.Country is not null && !IsoCountries.IsAssigned(geo.Country))
            {
                Fail("geo.country", "Must be an ISO 3166-1 alpha-2 code in upper case, e.g. US.");
            }
            CheckLabel(geo.City, "geo.city", Fail);
        }

        if (@event.Properties is { } properties)
        {
            CheckProperties(properties, Fail);
        }
        return errors;
    }

    private static void CheckReference(bool required, long? id, string field, string what, string? type, Action<string, string> fail)
    {
        if (required && id is null)
        {
            fail(field, $"Is required for {type}.");
        }
        else if (id is <= 0)
        {
            fail(field, $"Must be a positive {what} id.");
        }
    }

    private static void CheckLabel(string? value, string field, Action<string, string> fail)
    {
        if (value is not null && (value.Length == 0 || value.Length > MaxLabelLength))
        {
            fail(field, $"Must be 1 to {MaxLabelLength} characters when given.");
        }
    }
}
