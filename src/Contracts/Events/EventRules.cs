using System.Collections.Frozen;
using System.Text.Json;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Validation;

namespace Pulse.Contracts.Events;

/// <summary>What is wrong with one event of a batch: its index in the batch, the field, and why.</summary>
public sealed record EventError(int Index, string Field, string Reason);

/// <summary>
/// Every rule an ingested event must follow, in one place: the types and the fields each needs,
/// the accepted time window and the size limits. The Api enforces them; the simulator and the
/// tests read them.
/// </summary>
public static class EventRules
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

    private static void CheckProperties(JsonElement properties, Action<string, string> fail)
    {
        if (properties.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (properties.ValueKind != JsonValueKind.Object)
        {
            fail("properties", "Must be a JSON object.");
            return;
        }
        var keys = 0;
        foreach (var _ in properties.EnumerateObject())
        {
            keys++;
        }
        if (keys > MaxPropertyKeys)
        {
            fail("properties", $"Has {keys} keys; at most {MaxPropertyKeys} are allowed.");
        }
        CheckValue(properties, "properties", 1, fail);
    }

    /// <returns>False once an error was reported, so one bad subtree gives one message.</returns>
    private static bool CheckValue(JsonElement value, string path, int depth, Action<string, string> fail)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object or JsonValueKind.Array when depth > MaxPropertyDepth:
                fail(path, $"Nests deeper than {MaxPropertyDepth} levels.");
                return false;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (KeyProblem(property) is { } problem)
                    {
                        fail(path, problem);
                        return false;
                    }
                    if (!CheckValue(property.Value, path + "." + property.Name, depth + 1, fail))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (!CheckValue(item, $"{path}[{i++}]", depth + 1, fail))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.String:
                if (!TryGetString(value, out var text))
                {
                    fail(path, "Is not valid UTF-16: it holds a lone surrogate (e.g. \\ud800 without its pair).");
                    return false;
                }
                if (text.Length > MaxStringLength)
                {
                    fail(path, $"Is longer than {MaxStringLength} characters.");
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Why a property key cannot be stored as the event log's field name, or null when it can: BSON
    /// field names are C strings (no U+0000), MongoDB reads <c>$</c> and <c>.</c> in them as operators
    /// and paths, and a control character or a lone surrogate is no name anyone meant.
    /// </summary>
    private static string? KeyProblem(JsonProperty property)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            return "Has a key that is not valid UTF-16: it holds a lone surrogate.";
        }
        if (name.Length > MaxStringLength)
        {
            return $"Has a key longer than {MaxStringLength} characters.";
        }
        if (name.Any(c => c < ' '))
        {
            return $"Has the key {Quoted(name)}, which holds a control character (U+0000 to U+001F).";
        }
        if (name.StartsWith('$'))
        {
            return $"Has the key {Quoted(name)}: keys may not start with '$'.";
        }
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return $"Has the key {Quoted(name)}: keys may not contain '.'.";
        }
        return null;
    }

    /// <summary>The key in quotes, control characters escaped as \\uXXXX, so the message shows what was sent.</summary>
    private static string Quoted(string name) =>
        "\"" + string.Concat(name.Select(c => c < ' ' ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";

    /// <summary>The string, or false when it is not valid UTF-16 (System.Text.Json refuses to read a lone surrogate).</summary>
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }
}

/// <summary>What an event type refers to besides its user.</summary>
public enum EventShape
{
    UserOnly,

    /// <summary>Needs <c>postId</c>.</summary>
    OnPost,

    /// <summary>Needs <c>targetUserId</c>.</summary>
    OnUser,
}

/// <summary>The timestamps accepted at <paramref name="Now"/>: from <paramref name="MaxAge"/> back to <paramref name="MaxAhead"/> ahead.</summary>
public readonly record struct EventWindow(DateTimeOffset Now, TimeSpan MaxAge, TimeSpan MaxAhead)
{
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultMaxAhead = TimeSpan.FromMinutes(5);

    public DateTimeOffset Earliest => Now - MaxAge;

    public DateTimeOffset Latest => Now + MaxAhead;

    public bool Contains(DateTimeOffset timestamp) => timestamp >= Earliest && timestamp <= Latest;
}
