using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MongoDB.Bson;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// Stored event properties back to the JSON the client sent: the inverse of the Ingestor's
/// conversion (numbers stay numbers, whatever their BSON width).
/// </summary>
public static class BsonToJson
{
    public static JsonElement Convert(BsonValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value.BsonType)
        {
            case BsonType.Document:
                writer.WriteStartObject();
                foreach (var element in value.AsBsonDocument)
                {
                    writer.WritePropertyName(element.Name);
                    Write(writer, element.Value);
                }
                writer.WriteEndObject();
                break;
            case BsonType.Array:
                writer.WriteStartArray();
                foreach (var item in value.AsBsonArray)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case BsonType.String:
                writer.WriteStringValue(value.AsString);
                break;
            case BsonType.Int32:
                writer.WriteNumberValue(value.AsInt32);
                break;
            case BsonType.Int64:
                writer.WriteNumberValue(value.AsInt64);
                break;
            case BsonType.Double when double.IsFinite(value.AsDouble):
                writer.WriteNumberValue(value.AsDouble);
                break;
            case BsonType.Decimal128 when !Decimal128.IsNaN(value.AsDecimal128) && !Decimal128.IsInfinity(value.AsDecimal128):
                writer.WriteRawValue(value.AsDecimal128.ToString(), skipInputValidation: false);
                break;
            case BsonType.Boolean:
                writer.WriteBooleanValue(value.AsBoolean);
                break;
            case BsonType.Null:
                writer.WriteNullValue();
                break;
            case BsonType.DateTime:
                writer.WriteStringValue(BsonDates.ToDateTimeOffset(value).ToString("O", CultureInfo.InvariantCulture));
                break;
            default:
                // Nothing the Ingestor writes; a document added by other means still reads as text.
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
