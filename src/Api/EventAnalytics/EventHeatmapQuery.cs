using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.Analytics;
using Pulse.Data.Analytics;
using Out = Pulse.Api.EventAnalytics.ActivityHeatmapPipeline.Output;

namespace Pulse.Api.EventAnalytics;

/// <summary>Runs <see cref="ActivityHeatmapPipeline"/> against the MongoDB event log and fills in the quiet cells.</summary>
/// <param name="database">Null where this deployment has no MongoDB; then <see cref="IsConfigured"/> is false.</param>
public sealed class EventHeatmapQuery(IMongoDatabase? database = null)
{
    private static readonly AggregateOptions Options = new() { AllowDiskUse = true, MaxTime = EventAnalyticsQueries.MaxQueryTime };

    public bool IsConfigured => database is not null;

    /// <param name="userIds">Only these users (an author's followers); null for everyone.</param>
    public async Task<AudienceHeatmap> ExecuteAsync(long? authorId, IReadOnlyCollection<long>? userIds, AnalyticsWindow window, string timeZone, CancellationToken cancellationToken)
    {
        var events = (database ?? throw new InvalidOperationException("No MongoDB is configured; check IsConfigured first."))
            .GetCollection<BsonDocument>(MongoCollections.Events);
        var range = new EventRange(window.StartUtc(), window.EndUtc());
        using var cursor = await events.AggregateAsync(ActivityHeatmapPipeline.Build(range, userIds, timeZone), Options, cancellationToken);
        return FromEventLog(authorId, window, timeZone, await cursor.ToListAsync(cancellationToken));
    }

    /// <summary>The heatmap from the pipeline's cells: every cell of the week, the quiet ones with zeros.</summary>
    public static AudienceHeatmap FromEventLog(long? authorId, AnalyticsWindow window, string timeZone, IEnumerable<BsonDocument> answers)
    {
        var rows = answers.ToDictionary(row => (row["_id"][Out.Weekday].ToInt32(), row["_id"][Out.Hour].ToInt32()));
        var cells = HeatmapCell.Grid((weekday, hour) => rows.TryGetValue((weekday, hour), out var row)
            ? new HeatmapCell(weekday, hour, row[Out.Events].ToInt64(), row[Out.UserHours].ToInt64())
            : new HeatmapCell(weekday, hour, 0, 0));
        return new AudienceHeatmap(authorId, window.FirstDay, window.AsOf, timeZone, cells, HeatmapCell.Busiest(cells));
    }
}
