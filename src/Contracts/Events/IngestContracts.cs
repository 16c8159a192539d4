using System.Text.Json;

namespace Pulse.Contracts.Events;

/// <summary>Body of <c>POST /api/events</c>: 1 to <see cref="EventRules.MaxEventsPerBatch"/> events, accepted whole or not at all.</summary>
public sealed record IngestRequest(IReadOnlyList<IngestEvent?>? Events);

/// <summary>
/// One event as a client sends it. Everything is nullable so that a missing field is reported by
/// <see cref="EventRules"/> with its index and name instead of failing the whole body's parse.
/// </summary>
/// <param name="Id">Optional; the Api assigns a UUIDv7. Resending an id never counts twice.</param>
/// <param name="UserId">Who acted; with a session it is the session's user and may be omitted.</param>
/// <param name="Timestamp">Optional (server time); must lie within the accepted window.</param>
/// <param name="Properties">Free-form, within <see cref="EventRules"/>' limits.</param>
public sealed record IngestEvent(
    Guid? Id,
    string? Type,
    long? UserId,
    long? PostId,
    long? TargetUserId,
    DateTimeOffset? Timestamp,
    EventDevice? Device,
    EventGeo? Geo,
    JsonElement? Properties);

public sealed record EventDevice(string? Type, string? Os, string? Browser);

/// <param name="Country">ISO 3166-1 alpha-2, upper case.</param>
public sealed record EventGeo(string? Country, string? City);

/// <summary>202 answer: how many events were new, and how many were resends of ids already seen.</summary>
public sealed record IngestAccepted(int Accepted, int Duplicates);
