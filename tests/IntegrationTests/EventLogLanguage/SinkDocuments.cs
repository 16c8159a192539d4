using MongoDB.Bson;
using Pulse.Contracts.Events;
using Pulse.Ingestor.EventLog;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// Fixture events as the event-log sink stores them (<see cref="EventLogDocument.From"/>): ids end
/// in the event's number, so at equal times a higher number sorts above a lower one.
/// </summary>
internal static class SinkDocuments
{
    /// <summary>Day D of every fixture, midnight UTC.</summary>
    public static readonly DateTimeOffset Day = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    public static readonly EventDevice Mobile = new("mobile", "iOS", "Safari");
    public static readonly EventDevice Desktop = new("desktop", "Windows", "Edge");

    public static List<BsonDocument> Of(params PipelineEvent[] events) => [.. events.Select(EventLogDocument.From)];

    /// <param name="at">When the event happened, as a time from the start of day D.</param>
    /// <param name="receivedAt">When the Api accepted it, from the start of day D; the end of day D+1 unless given.</param>
    public static PipelineEvent Event(
        int number, long user, string type, TimeSpan at,
        long? post = null, long? target = null, EventDevice? device = null, string? country = null, TimeSpan? receivedAt = null) =>
        new(
            Id(number),
            type, user, post, target,
            Day + at,
            Day + (receivedAt ?? TimeSpan.FromDays(2)),
            device,
            country is null ? null : new EventGeo(country, null),
            System.Text.Json.JsonDocument.Parse($$"""{ "n": {{number}} }""").RootElement);

    public static Guid Id(int number) => Guid.Parse($"00000000-0000-7000-8000-0000000000{number:x2}");

    /// <summary>The event's number, from its id.</summary>
    public static int Number(Guid id) => id.ToByteArray(bigEndian: true)[^1];

    public static TimeSpan At(int hour, int minute = 0) => new(hour, minute, 0);
}
