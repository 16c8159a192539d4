using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Contracts.Events;

/// <summary>
/// The one JSON form of stream entries, shared by the Api that writes them and the Ingestor that
/// reads them (camelCase, nulls left out, source-generated).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PipelineEvent))]
public sealed partial class PipelineJson : JsonSerializerContext
{
    public static string Serialize(PipelineEvent @event) => JsonSerializer.Serialize(@event, Default.PipelineEvent);

    /// <exception cref="JsonException">The text is not a pipeline event.</exception>
    public static PipelineEvent Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, Default.PipelineEvent) ?? throw new JsonException("A stream entry held JSON null instead of an event.");
}
