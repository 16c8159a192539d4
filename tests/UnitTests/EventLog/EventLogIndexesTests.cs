using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Api.EventAnalytics;
using Pulse.Contracts.EventLog;
using Pulse.Ingestor.EventLog;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.UnitTests.EventLog;

/// <summary>The index specs the Ingestor creates, and that each Api pipeline's leading $match is one an index serves.</summary>
public class EventLogIndexesTests
{
    private static readonly EventRange Week = new(new DateTimeOffset(2026, 11, 13, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Query_indexes_have_their_keys_and_names()
    {
        var indexes = EventLogIndexes.QueryIndexes.ToDictionary(model => model.Options.Name, RenderedBson.Keys);

        Assert.Equal(
            new Dictionary<string, BsonDocument>
            {
                [EventLogIndexNames.TypeTime] = BsonDocument.Parse("{ type: 1, ts: 1 }"),
                [EventLogIndexNames.UserTime] = BsonDocument.Parse("{ userId: 1, ts: 1, _id: 1 }"),
                [EventLogIndexNames.PostTime] = BsonDocument.Parse("{ postId: 1, ts: 1 }"),
            },
            indexes);
        Assert.All(EventLogIndexes.QueryIndexes, model => Assert.Null(model.Options.ExpireAfter));
    }

    [Fact]
    public void Time_index_expires_events_after_the_retention()
    {
        var ttl = EventLogIndexes.TimeToLiveIndex(TimeSpan.FromDays(90));

        Assert.Equal(EventLogIndexNames.TimeToLive, ttl.Options.Name);
        Assert.Equal(BsonDocument.Parse("{ ts: 1 }"), RenderedBson.Keys(ttl));
        Assert.Equal(TimeSpan.FromDays(90), ttl.Options.ExpireAfter);
        Assert.Equal(7_776_000, EventLogIndexes.ExpireAfterSeconds(TimeSpan.FromDays(90)));
    }

    [Fact]
    public void The_time_index_and_collmod_carry_the_same_whole_seconds()
    {
        var retention = TimeSpan.FromDays(1);

        Assert.Equal(TimeSpan.FromSeconds(EventLogIndexes.ExpireAfterSeconds(retention)), EventLogIndexes.TimeToLiveIndex(retention).Options.ExpireAfter);
        Assert.Equal(86_400L, EventLogIndexes.RetentionChangeCommand(retention)["index"]["expireAfterSeconds"].ToInt64());
    }

    [Fact]
    public void A_retention_in_fractions_of_a_second_is_refused_at_start_up()
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var fractional = new RetentionOptions { RawEvents = TimeSpan.FromDays(90) + TimeSpan.FromMilliseconds(500) };

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(fractional, new(fractional), results, validateAllProperties: true));
        Assert.Contains("whole seconds", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
        var whole = new RetentionOptions { RawEvents = TimeSpan.FromDays(90) };
        Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(whole, new(whole), [], validateAllProperties: true));
    }

    [Fact]
    public void Our_time_index_with_another_retention_is_no_conflict_collmod_changes_it()
    {
        List<BsonDocument> listed =
        [
            BsonDocument.Parse("""{ v: 2, key: { _id: 1 }, name: "_id_" }"""),
            BsonDocument.Parse("""{ v: 2, key: { ts: 1.0 }, name: "ts_ttl", expireAfterSeconds: 86400 }"""),
        ];

        Assert.Null(EventLogIndexes.ConflictOf(listed));
    }

    [Fact]
    public void The_time_index_keys_under_another_name_are_a_conflict_naming_that_index()
    {
        List<BsonDocument> listed = [BsonDocument.Parse("""{ v: 2, key: { _id: 1 }, name: "_id_" }"""), BsonDocument.Parse("""{ v: 2, key: { ts: 1 }, name: "ts_1" }""")];

        var conflict = EventLogIndexes.ConflictOf(listed);

        Assert.NotNull(conflict);
        Assert.Contains("'ts_1'", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_index_name_on_other_keys_is_a_conflict_naming_its_keys()
    {
        List<BsonDocument> listed = [BsonDocument.Parse("""{ v: 2, key: { ts: -1, userId: 1 }, name: "ts_ttl" }""")];

        var conflict = EventLogIndexes.ConflictOf(listed);

        Assert.NotNull(conflict);
        Assert.Contains("'ts_ttl'", conflict, StringComparison.Ordinal);
        Assert.Contains("userId", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_retention_is_applied_with_collmod_on_the_named_index()
    {
        Assert.Equal(
            RenderedBson.ToCanonical(BsonDocument.Parse("""{ "collMod": "events", "index": { "name": "ts_ttl", "expireAfterSeconds": NumberLong(86400) } }""")),
            RenderedBson.ToCanonical(EventLogIndexes.RetentionChangeCommand(TimeSpan.FromDays(1))));
    }

    public static TheoryData<string, PipelineDefinition<BsonDocument, BsonDocument>, string> Pipelines => new()
    {
        { "devices", ActivityPipelines.ByDevice(new EventFilter(Week)), EventLogIndexNames.TimeToLive },
        { "countries for a type", ActivityPipelines.ByCountry(new EventFilter(Week, Type: "post_view")), EventLogIndexNames.TypeTime },
        { "hours for a post", ActivityPipelines.ByHour(new EventFilter(Week, PostId: 5)), EventLogIndexNames.PostTime },
        { "types for a post", ActivityPipelines.ByType(new EventFilter(Week, PostId: 5)), EventLogIndexNames.PostTime },
        { "devices for a post and a type", ActivityPipelines.ByDevice(new EventFilter(Week, 5, "post_like")), EventLogIndexNames.PostTime },
        { "timeline", TimelinePipeline.Build(42, null, 10), EventLogIndexNames.UserTime },
        { "timeline next page", TimelinePipeline.Build(42, new TimelineCursor(1, Guid.CreateVersion7()), 10), EventLogIndexNames.UserTime },
    };

    /// <summary>
    /// The planner can use an index for a leading <c>$match</c> when the match constrains a prefix
    /// of the index's keys: here, equality on its first key (or, for the time index, a range on it).
    /// </summary>
    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Every_pipeline_leads_with_a_match_an_index_serves(string what, PipelineDefinition<BsonDocument, BsonDocument> pipeline, string index)
    {
        var first = RenderedBson.Stages(pipeline)[0];
        Assert.True(first.Contains("$match"), $"{what} does not start with $match: {first}");
        var match = first["$match"].AsBsonDocument;

        var keys = RenderedBson.Keys(AllIndexes().Single(model => model.Options.Name == index)).Names.ToList();

        Assert.True(match.Contains(keys[0]), $"{what}'s $match {match} does not constrain {index}'s leading key {keys[0]}");
        Assert.Contains(EventLogFields.Timestamp, keys);
        if (keys[0] != EventLogFields.Timestamp)
        {
            Assert.False(match[keys[0]].IsBsonDocument, $"{what} should match {keys[0]} by equality");
        }
    }

    private static IEnumerable<CreateIndexModel<BsonDocument>> AllIndexes() =>
        [.. EventLogIndexes.QueryIndexes, EventLogIndexes.TimeToLiveIndex(TimeSpan.FromDays(90))];
}
