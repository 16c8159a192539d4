using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace Pulse.UnitTests.EventLog;

/// <summary>
/// Renders pipelines, filters, updates and index keys to the BSON the driver sends, and compares them in canonical
/// extended JSON: type-exact (Int32 is not Int64, a date is not a string) and order-exact.
/// </summary>
internal static class RenderedBson
{
    private static readonly RenderArgs<BsonDocument> Args = new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);
    private static readonly JsonWriterSettings Canonical = new() { OutputMode = JsonOutputMode.CanonicalExtendedJson };

    public static IList<BsonDocument> Stages(PipelineDefinition<BsonDocument, BsonDocument> pipeline) => pipeline.Render(Args).Documents;

    public static BsonDocument Keys(CreateIndexModel<BsonDocument> model) => model.Keys.Render(Args);

    public static BsonDocument Filter(FilterDefinition<BsonDocument> filter) => filter.Render(Args);

    public static BsonDocument Update(UpdateDefinition<BsonDocument> update) => update.Render(Args).AsBsonDocument;

    /// <summary>Asserts the document renders to exactly this one, written in the shell syntax the MongoDB manual uses.</summary>
    public static void AssertDocument(string expected, BsonDocument actual) =>
        Assert.Equal(ToCanonical(BsonDocument.Parse(expected)), ToCanonical(actual));

    public static string ToCanonical(BsonDocument document) => document.ToJson(Canonical);

    /// <summary>Asserts the pipeline renders to exactly these stages, written in the shell syntax the MongoDB manual uses.</summary>
    public static void AssertStages(PipelineDefinition<BsonDocument, BsonDocument> pipeline, params string[] expectedStages)
    {
        var actual = Stages(pipeline).Select(ToCanonical).ToList();
        var expected = expectedStages.Select(stage => ToCanonical(BsonDocument.Parse(stage))).ToList();
        Assert.Equal(expected, actual);
    }
}
