using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;

namespace Pulse.Ops.Backfill;

/// <summary>
/// Streams the event log's answers to <see cref="EventLogCounts"/> batch by batch from a cursor,
/// so a run holds one batch in memory, not the range.
/// </summary>
public sealed class EventLogReader(IMongoDatabase database)
{
    private const int BatchSize = 10_000;

    // allowDiskUse: a range of many days can hold more (key, day, type) groups than $group may keep in 100 MB.
    private static readonly AggregateOptions Aggregation = new() { AllowDiskUse = true, BatchSize = BatchSize };

    private IMongoCollection<BsonDocument> Events => database.GetCollection<BsonDocument>(MongoCollections.Events);

    public IAsyncEnumerable<DailyEventCount> PostEventsAsync(DayRange range, DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        CountsAsync(EventLogCounts.PerPostDayAndType(range, receivedBefore), EventLogFields.PostId, cancellationToken);

    public IAsyncEnumerable<DailyEventCount> UserEventsAsync(DayRange range, DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        CountsAsync(EventLogCounts.PerUserDayAndType(range, receivedBefore), EventLogFields.UserId, cancellationToken);

    public IAsyncEnumerable<HourlyEventCount> UserHoursAsync(DayRange range, DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        RowsAsync(EventLogCounts.PerUserHour(range, receivedBefore), HourlyEventCount.FromGroup, cancellationToken);

    public IAsyncEnumerable<LikeChange> LikeChangesAsync(DayRange range, DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        RowsAsync(EventLogCounts.LikeChanges(range, receivedBefore), LikeChange.FromGroup, cancellationToken);

    public IAsyncEnumerable<DailyFollowCount> FollowsAsync(DayRange range, DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        RowsAsync(EventLogCounts.FollowsPerUserDay(range, receivedBefore), DailyFollowCount.FromGroup, cancellationToken);

    public async IAsyncEnumerable<Guid> RecentIdsAsync(
        DayRange range, DateTimeOffset receivedSince, DateTimeOffset receivedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new FindOptions<BsonDocument, BsonDocument> { Projection = EventLogCounts.IdsOnly, BatchSize = BatchSize };
        using var cursor = await Events.FindAsync(EventLogCounts.RecentIdsFilter(range, receivedSince, receivedBefore), options, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                // The Ingestor writes ids as standard UUIDs (subtype 4); anything else was not an accepted event.
                if (document[EventLogFields.Id] is BsonBinaryData { SubType: BsonBinarySubType.UuidStandard } id)
                {
                    yield return id.ToGuid(GuidRepresentation.Standard);
                }
            }
        }
    }

    /// <summary>The oldest event's timestamp and the TTL index's retention, or null for an empty log.</summary>
    public async Task<EventLogSpan?> SpanAsync(CancellationToken cancellationToken)
    {
        var options = new FindOptions<BsonDocument, BsonDocument> { Sort = EventLogCounts.OldestFirst, Projection = EventLogCounts.TimestampOnly, Limit = 1 };
        using var oldestCursor = await Events.FindAsync(FilterDefinition<BsonDocument>.Empty, options, cancellationToken);
        var oldest = await oldestCursor.FirstOrDefaultAsync(cancellationToken);
        if (oldest is null || !oldest.TryGetValue(EventLogFields.Timestamp, out var timestamp) || !timestamp.IsValidDateTime)
        {
            return null;
        }
        using var indexCursor = await Events.Indexes.ListAsync(cancellationToken);
        var indexes = await indexCursor.ToListAsync(cancellationToken);
        return new EventLogSpan(EventLogCounts.TimeOf(timestamp), EventLogSpan.RetentionOf(indexes));
    }

    private IAsyncEnumerable<DailyEventCount> CountsAsync(
        PipelineDefinition<BsonDocument, BsonDocument> pipeline, string keyField, CancellationToken cancellationToken) =>
        RowsAsync(pipeline, group => DailyEventCount.FromGroup(group, keyField), cancellationToken);

    private async IAsyncEnumerable<T> RowsAsync<T>(
        PipelineDefinition<BsonDocument, BsonDocument> pipeline, Func<BsonDocument, T?> read, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : struct
    {
        using var cursor = await Events.AggregateAsync(pipeline, Aggregation, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var group in cursor.Current)
            {
                if (read(group) is { } row)
                {
                    yield return row;
                }
            }
        }
    }
}
