using MongoDB.Bson;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Cell = Pulse.Api.EventAnalytics.BreakdownPipeline.Output;
using Out = Pulse.Api.EventAnalytics.ActivityPipelines.Output;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// The event-analytics reports shaped from the documents their pipelines answer with. Kept apart
/// from running the pipelines, so the same shaping is checked over another implementation's answers.
/// </summary>
public static class EventLogAnswers
{
    public static IReadOnlyList<DeviceActivity> Devices(IEnumerable<BsonDocument> rows) =>
        [.. rows.Select(row => new DeviceActivity(
            NullableString(row["_id"][Out.DeviceType]), NullableString(row["_id"][Out.Os]), row[Out.Events].ToInt64(), row[Out.Users].ToInt64()))];

    public static IReadOnlyList<CountryActivity> Countries(IEnumerable<BsonDocument> rows) =>
        [.. rows.Select(row => new CountryActivity(
            NullableString(row["_id"][Out.Country]), row[Out.Events].ToInt64(), row[Out.Users].ToInt64()))];

    /// <summary>All 24 hours in order, the quiet ones with zeros.</summary>
    public static IReadOnlyList<HourlyActivity> Hours(IEnumerable<BsonDocument> rows)
    {
        var byHour = rows.ToDictionary(row => row["_id"][Out.Hour].ToInt32());
        return [.. Enumerable.Range(0, 24).Select(hour => byHour.TryGetValue(hour, out var row)
            ? new HourlyActivity(hour, row[Out.Events].ToInt64(), row[Out.Users].ToInt64())
            : new HourlyActivity(hour, 0, 0))];
    }

    public static IReadOnlyList<EventTypeShare> Types(IReadOnlyList<BsonDocument> rows)
    {
        double total = rows.Sum(row => row[Out.Events].ToInt64());
        return [.. rows.Select(row => new EventTypeShare(
            row["_id"][Out.Type].AsString, row[Out.Events].ToInt64(), row[Out.Users].ToInt64(), row[Out.Events].ToInt64() / total))];
    }

    /// <summary>The top cells in rank order, and the row marked "other" (if any) as the rest.</summary>
    public static BreakdownAnswer Breakdown(IReadOnlyList<BsonDocument> rows)
    {
        var cells = rows.Where(row => !IsOther(row)).Select(row => new BreakdownCell(
            NullableString(row["_id"][Cell.First]), NullableString(row["_id"][Cell.Second]),
            row[Cell.Events].ToInt64(), row[Cell.Users].ToInt64())).ToList();
        var other = rows.Where(IsOther).Select(row => new BreakdownOther(
            row[Cell.LastRank].ToInt64() - cells.Count, row[Cell.Events].ToInt64(), row[Cell.Users].ToInt64())).SingleOrDefault();
        return new BreakdownAnswer(cells, other);

        static bool IsOther(BsonDocument row) => row["_id"][Cell.IsOther].ToBoolean();
    }

    /// <param name="rows">Up to <paramref name="limit"/> + 1 events, newest first: one more than the page says whether another follows.</param>
    public static EventTimelinePage TimelinePage(long userId, IReadOnlyList<BsonDocument> rows, int limit)
    {
        var page = rows.Take(limit).Select(ToTimelineEvent).ToList();
        var next = rows.Count > limit
            ? new TimelineCursor(page[^1].Timestamp.ToUnixTimeMilliseconds(), page[^1].Id).Encode()
            : null;
        return new EventTimelinePage(userId, page, next);
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
