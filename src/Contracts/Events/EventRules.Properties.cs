using System.Text.Json;

namespace Pulse.Contracts.Events;

/// <summary>
/// The rules for an event's free-form <c>properties</c>: a JSON object of bounded size, depth and
/// string length, whose keys the event log can store as field names.
/// </summary>
public static partial class EventRules
{
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
