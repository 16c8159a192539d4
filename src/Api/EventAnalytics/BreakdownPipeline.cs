using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// Events and distinct users per pair of property values, the top cells and the rest in one
/// "other" row, exactly: other's users are the distinct users of all the cells beyond the top,
/// which no sum of per-cell counts can give (a user can be in many cells). So the pipeline keeps
/// one row per (cell, user), as <see cref="ActivityPipelines"/> does, ranks the cells over those
/// rows with two <c>$setWindowFields</c>, and groups the rows again by (top cell or other, user),
/// then by top cell or other. No stage collects users into an array, so no document grows with
/// the data; the window stages hold the (cell, user) rows, as the first <c>$group</c> does.
/// The answer is at most limit + 1 rows, in rank order, other last. Its cost on a large log is
/// not measured (no MongoDB server on the machines this was written on); what it computes is
/// checked by mingo, and against a real server where PULSE_TEST_MONGODB is set.
/// </summary>
public static class BreakdownPipeline
{
    /// <summary>Field names inside the pipeline and of its answer (the grouped key is in <c>_id</c>).</summary>
    public static class Output
    {
        public const string First = "first";
        public const string Second = "second";
        public const string IsOther = "other";
        public const string Events = "events";
        public const string Users = "users";
        public const string CellEvents = "cellEvents";

        /// <summary>What cells are ranked by: a document compared field by field, events (negated, so most first) then the values.</summary>
        public const string Order = "order";

        /// <summary>A cell's place, 1 for the most events; ties in events break on the values, so no two cells share one.</summary>
        public const string Rank = "rank";

        /// <summary>The highest rank a row holds: for "other", the number of cells in all.</summary>
        public const string LastRank = "lastRank";
    }

    public static PipelineDefinition<BsonDocument, BsonDocument> Build(BreakdownQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var isOther = new BsonDocument("$gt", new BsonArray { Path(Output.Rank), query.Limit });
        BsonDocument[] stages =
        [
            Match(query),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { Output.First, NullWhenMissing(query.By.Field()) },
                        { Output.Second, NullWhenMissing(query.Then.Field()) },
                        { EventLogFields.UserId, Path(EventLogFields.UserId) },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
            }),
            new("$setWindowFields", new BsonDocument
            {
                { "partitionBy", new BsonDocument { { Output.First, Path("_id.first") }, { Output.Second, Path("_id.second") } } },
                { "output", new BsonDocument(Output.CellEvents, new BsonDocument("$sum", Path(Output.Events))) },
            }),
            // $denseRank sorts by one field only: this one document orders the cells as the answer does.
            new("$set", new BsonDocument(Output.Order, new BsonDocument
            {
                { Output.Events, new BsonDocument("$subtract", new BsonArray { 0, Path(Output.CellEvents) }) },
                { Output.First, Path("_id.first") },
                { Output.Second, Path("_id.second") },
            })),
            new("$setWindowFields", new BsonDocument
            {
                { "sortBy", new BsonDocument(Output.Order, 1) },
                { "output", new BsonDocument(Output.Rank, new BsonDocument("$denseRank", new BsonDocument())) },
            }),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { Output.First, TopCellOnly(isOther, "_id.first") },
                        { Output.Second, TopCellOnly(isOther, "_id.second") },
                        { Output.IsOther, isOther },
                        { EventLogFields.UserId, Path("_id." + EventLogFields.UserId) },
                    }
                },
                { Output.Events, new BsonDocument("$sum", Path(Output.Events)) },
                { Output.Rank, new BsonDocument("$min", Path(Output.Rank)) },
                { Output.LastRank, new BsonDocument("$max", Path(Output.Rank)) },
            }),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { Output.First, Path("_id.first") },
                        { Output.Second, Path("_id.second") },
                        { Output.IsOther, Path("_id.other") },
                    }
                },
                { Output.Events, new BsonDocument("$sum", Path(Output.Events)) },
                { Output.Users, new BsonDocument("$sum", 1) },
                { Output.Rank, new BsonDocument("$min", Path(Output.Rank)) },
                { Output.LastRank, new BsonDocument("$max", Path(Output.LastRank)) },
            }),
            new("$sort", new BsonDocument(Output.Rank, 1)),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    /// <summary>The event filter's indexed match, then equality on each device or geo filter given.</summary>
    private static BsonDocument Match(BreakdownQuery query)
    {
        var stage = query.Events.ToMatchStage();
        var match = stage["$match"].AsBsonDocument;
        foreach (var property in BreakdownProperties.All.Where(property => property != BreakdownProperty.Type))
        {
            if (query.Filters.For(property) is { } value)
            {
                match.Add(property.Field(), value);
            }
        }
        return stage;
    }

    /// <summary>A top cell's value; null for the rows of "other", which group together.</summary>
    private static BsonDocument TopCellOnly(BsonDocument isOther, string field) =>
        new("$cond", new BsonArray { isOther, BsonNull.Value, Path(field) });

    private static string Path(string field) => "$" + field;

    /// <summary>A missing field and an explicit null become the same group key (null).</summary>
    private static BsonDocument NullWhenMissing(string field) =>
        new("$ifNull", new BsonArray { Path(field), BsonNull.Value });
}
