using MongoDB.Bson;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// Where mingo (7.2.7) and MongoDB part ways on what Pulse sends: each a named rewrite of the
/// rendered request for the check only, never of what Pulse sends the server.
/// <para>
/// One more needs no rewrite, only care: MongoDB compares two embedded documents field by field in
/// their order, mingo in the order of their sorted names (tried: <c>{ b: 1, a: 2 }</c> sorts after
/// <c>{ b: 2, a: 1 }</c> in mingo). The documents Pulse sorts or ranks by name their fields in
/// alphabetical order, where both agree; <see cref="AssertComparedInNameOrder"/> keeps it so.
/// </para>
/// </summary>
internal static class MingoDifferences
{
    /// <summary>
    /// MongoDB's date operators take an Olson name such as "UTC" as <c>timezone</c>; mingo takes
    /// only UTC offsets and refuses the request ("timezone 'UTC' is invalid or not supported",
    /// tried). "+00:00" is the same zone.
    /// </summary>
    public static List<BsonDocument> UtcAsOffset(IEnumerable<BsonDocument> stages) => [.. stages.Select(stage => (BsonDocument)UtcAsOffset((BsonValue)stage))];

    /// <summary>
    /// MongoDB's <c>$add</c> takes a date and any number, a 64-bit integer among them; mingo keeps
    /// an Int64 as a bson Long and refuses it there ("Invalid arguments", from its <c>$add</c>,
    /// tried). The same milliseconds as a double are the same sum.
    /// </summary>
    public static List<BsonDocument> Int64AddedAsDouble(IEnumerable<BsonDocument> stages) => [.. stages.Select(stage => (BsonDocument)Int64AddedAsDouble((BsonValue)stage, inAdd: false))];

    /// <summary>Asserts a document's field names are in ordinal order, so mingo compares it as MongoDB does.</summary>
    public static void AssertComparedInNameOrder(BsonDocument document) =>
        Assert.Equal(document.Names.Order(StringComparer.Ordinal), document.Names);

    private static BsonValue Int64AddedAsDouble(BsonValue value, bool inAdd) => value switch
    {
        BsonInt64 number when inAdd => new BsonDouble(number.Value),
        BsonDocument document => new BsonDocument(document.Select(element =>
            new BsonElement(element.Name, Int64AddedAsDouble(element.Value, inAdd: element.Name == "$add")))),
        BsonArray array => new BsonArray(array.Select(item => Int64AddedAsDouble(item, inAdd))),
        _ => value,
    };

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
