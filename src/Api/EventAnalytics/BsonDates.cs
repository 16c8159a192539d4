using MongoDB.Bson;

namespace Pulse.Api.EventAnalytics;

/// <summary>BSON dates are UTC milliseconds since the epoch: finer digits are dropped, both ways.</summary>
internal static class BsonDates
{
    public static BsonDateTime From(DateTimeOffset time) => new(time.ToUnixTimeMilliseconds());

    public static DateTimeOffset ToDateTimeOffset(BsonValue value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.AsBsonDateTime.MillisecondsSinceEpoch);
}
