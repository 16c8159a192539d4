using MongoDB.Bson;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// Where mingo (7.2.7) and MongoDB part ways on what Pulse sends: each a named rewrite of the
/// rendered request for the check only, never of what Pulse sends the server.
/// </summary>
internal static class MingoDifferences
{
    /// <summary>
    /// MongoDB's date operators take an Olson name such as "UTC" as <c>timezone</c>; mingo takes
    /// only UTC offsets and refuses the request ("timezone 'UTC' is invalid or not supported",
    /// tried). "+00:00" is the same zone.
    /// </summary>
    public static List<BsonDocument> UtcAsOffset(IEnumerable<BsonDocument> stages) => [.. stages.Select(stage => (BsonDocument)UtcAsOffset((BsonValue)stage))];

    private static BsonValue UtcAsOffset(BsonValue value) => value switch
    {
        BsonDocument document => new BsonDocument(document.Select(element =>
            element is { Name: "timezone", Value: BsonString { Value: "UTC" } }
                ? new BsonElement(element.Name, "+00:00")
                : new BsonElement(element.Name, UtcAsOffset(element.Value)))),
        BsonArray array => new BsonArray(array.Select(UtcAsOffset)),
        _ => value,
    };
}
