using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Out = Pulse.Api.EventAnalytics.ActivityPipelines.Output;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// Runs the event-analytics pipelines against the MongoDB event log and shapes their answers.
/// </summary>
/// <param name="database">Null where this deployment has no MongoDB (see ApplicationServiceExtensions); then <see cref="IsConfigured"/> is false.</param>
public sealed class EventAnalyticsQueries(IMongoDatabase? database = null)
{
    /// <summary>Bounds one query's server time, so a wide range cannot tie up the event store.</summary>
    public static readonly TimeSpan MaxQueryTime = TimeSpan.FromSeconds(30);

    private static readonly AggregateOptions Options = new() { AllowDiskUse = true, MaxTime = MaxQueryTime };

    public bool IsConfigured => database is not null;

    public async Task<IReadOnlyList<DeviceActivity>> ByDeviceAsync(EventFilter filter, CancellationToken cancellationToken) =>
        [.. (await RunAsync(ActivityPipelines.ByDevice(filter), cancellationToken)).Select(row => new DeviceActivity(
            NullableString(row["_id"][Out.DeviceType]), NullableString(row["_id"][Out.Os]), row[Out.Events].ToInt64(), row[Out.Users].ToInt64()))];

    public async Task<IReadOnlyList<CountryActivity>> ByCountryAsync(EventFilter filter, CancellationToken cancellationToken) =>
        [.. (await RunAsync(ActivityPipelines.ByCountry(filter), cancellationToken)).Select(row => new CountryActivity(
            NullableString(row["_id"][Out.Country]), row[Out.Events].ToInt64(), row[Out.Users].ToInt64()))];

    /// <summary>All 24 hours in order, the quiet ones with zeros.</summary>
    public async Task<IReadOnlyList<HourlyActivity>> ByHourAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        var rows = (await RunAsync(ActivityPipelines.ByHour(filter), cancellationToken))
            .ToDictionary(row => row["_id"][Out.Hour].ToInt32());
        return [.. Enumerable.Range(0, 24).Select(hour => rows.TryGetValue(hour, out var row)
            ? new HourlyActivity(hour, row[Out.Events].ToInt64(), row[Out.Users].ToInt64())
            : new HourlyActivity(hour, 0, 0))];
    }

    public async Task<IReadOnlyList<EventTypeShare>> ByTypeAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        var rows = await RunAsync(ActivityPipelines.ByType(filter), cancellationToken);
        double total = rows.Sum(row => row[Out.Events].ToInt64());
        return [.. rows.Select(row => new EventTypeShare(
            row["_id"][Out.Type].AsString, row[Out.Events].ToInt64(), row[Out.Users].ToInt64(), row[Out.Events].ToInt64() / total))];
    }

    public async Task<EventTimelinePage> TimelineAsync(long userId, TimelineCursor? before, int limit, CancellationToken cancellationToken)
    {
        var rows = await RunAsync(TimelinePipeline.Build(userId, before, limit + 1), cancellationToken);
        var page = rows.Take(limit).Select(ToTimelineEvent).ToList();
        var next = rows.Count > limit
            ? new TimelineCursor(page[^1].Timestamp.ToUnixTimeMilliseconds(), page[^1].Id).Encode()
            : null;
        return new EventTimelinePage(userId, page, next);
    }

    private async Task<List<BsonDocument>> RunAsync(PipelineDefinition<BsonDocument, BsonDocument> pipeline, CancellationToken cancellationToken)
    {
        var events = (database ?? throw new InvalidOperationException("No MongoDB is configured; check IsConfigured first."))
            .GetCollection<BsonDocument>(MongoCollections.Events);
        using var cursor = await events.AggregateAsync(pipeline, Options, cancellationToken);
        return await cursor.ToListAsync(cancellationToken);
    }

    private static TimelineEvent ToTimelineEvent(BsonDocument document)
    {
        var device = document.GetValue(EventLogFields.Device, BsonNull.Value) as BsonDocument;
        var geo = document.GetValue(EventLogFields.Geo, BsonNull.Value) as BsonDocument;
        return new TimelineEvent(
            document[EventLogFields.Id].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard),
            document[EventLogFields.Type].AsString,
            NullableInt64(document.GetValue(EventLogFields.PostId, BsonNull.Value)),
            NullableInt64(document.GetValue(EventLogFields.TargetUserId, BsonNull.Value)),
            BsonDates.ToDateTimeOffset(document[EventLogFields.Timestamp]),
            BsonDates.ToDateTimeOffset(document[EventLogFields.ReceivedAt]),
            device is null ? null : new EventDevice(
                NullableString(device.GetValue(EventLogFields.DeviceParts.Type, BsonNull.Value)),
                NullableString(device.GetValue(EventLogFields.DeviceParts.Os, BsonNull.Value)),
                NullableString(device.GetValue(EventLogFields.DeviceParts.Browser, BsonNull.Value))),
            geo is null ? null : new EventGeo(
                NullableString(geo.GetValue(EventLogFields.GeoParts.Country, BsonNull.Value)),
                NullableString(geo.GetValue(EventLogFields.GeoParts.City, BsonNull.Value))),
            document.TryGetValue(EventLogFields.Properties, out var properties) ? BsonToJson.Convert(properties) : null);
    }

    private static string? NullableString(BsonValue value) => value.IsBsonNull ? null : value.AsString;

    private static long? NullableInt64(BsonValue value) => value.IsBsonNull ? null : value.ToInt64();
}
