using System.Text.Json;

namespace Pulse.Contracts.Events;

/// <summary>
/// An accepted event as it travels the pipeline: the JSON of one stream entry (serialized with
/// <see cref="PipelineJson"/>), and the shape the Ingestor's sinks store. Every optional part of
/// <see cref="IngestEvent"/> is resolved: the id and timestamp are set, the user is known.
/// </summary>
/// <param name="Timestamp">When it happened (the client's, or the Api's clock when none was given).</param>
/// <param name="ReceivedAt">When the Api accepted it.</param>
public sealed record PipelineEvent(
    Guid Id,
    string Type,
    long UserId,
    long? PostId,
    long? TargetUserId,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    EventDevice? Device,
    EventGeo? Geo,
    JsonElement? Properties);
