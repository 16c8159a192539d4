using System.Text.Json;
using MongoDB.Bson;

namespace Pulse.Ingestor.EventLog;

/// <summary>
/// Converts client JSON (an event's <c>properties</c>) to BSON value by value, so the event log
/// can be queried on it: objects, arrays, strings, booleans and nulls map one to one; integers
/// become Int32 or Int64 when they fit, other numbers a double.
/// </summary>
public static class JsonToBson
{
    public static BsonValue Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ConvertObject(element),
        JsonValueKind.Array => new BsonArray(element.EnumerateArray().Select(Convert)),
        JsonValueKind.String => new BsonString(element.GetString()),
        JsonValueKind.Number => ConvertNumber(element),
        JsonValueKind.True => BsonBoolean.True,
        JsonValueKind.False => BsonBoolean.False,
        JsonValueKind.Null => BsonNull.Value,
        _ => throw new ArgumentException($"A JSON value of kind {element.ValueKind} has no BSON form.", nameof(element)),
    };

    private static BsonDocument ConvertObject(JsonElement element)
    {
        var document = new BsonDocument();
        foreach (var property in element.EnumerateObject())
        {
            // JSON allows a repeated key; the last one wins, as System.Text.Json's own readers decide.
            document.Set(property.Name, Convert(property.Value));
        }
        return document;
    }

    private static BsonValue ConvertNumber(JsonElement element)
    {
        var text = element.GetRawText();
        var integral = text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (integral && element.TryGetInt32(out var int32))
        {
            return new BsonInt32(int32);
        }
        if (integral && element.TryGetInt64(out var int64))
        {
            return new BsonInt64(int64);
        }
        // Integers past Int64 keep every digit as Decimal128 where they fit it.
        if (integral && element.TryGetDecimal(out var big))
        {
            return new BsonDecimal128(big);
        }
        if (element.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return new BsonDouble(number);
        }
        // Beyond double's range (e.g. 1e400) no BSON number holds it: keep the literal rather than lose the event.
        return new BsonString(text);
    }
}
