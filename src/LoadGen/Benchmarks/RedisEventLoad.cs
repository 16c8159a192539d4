using System.Globalization;
using Pulse.Api.Realtime;
using Pulse.Contracts.Realtime;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>
/// Events for the Redis benchmark, made before the clock starts: UUIDv7 ids, a realistic type mix
/// over 10,000 posts (uniformly, or Zipf-distributed as social traffic is: a few posts get most
/// of it), and a JSON body of the size the Api streams.
/// </summary>
public static class RedisEventLoad
{
    public const int Posts = 10_000;

    /// <param name="zipfExponent">0 for uniform popularity; otherwise post k of 10,000 is picked with weight 1/k^s.</param>
    public static RealtimeEvent[] Make(int count, DateTimeOffset now, int seed, double zipfExponent = 0)
    {
        var random = new Random(seed);
        var popularity = zipfExponent > 0 ? Cumulative(zipfExponent) : null;
        var events = new RealtimeEvent[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var type = roll switch
            {
                < 70 => EventTypes.PostView,
                < 85 => EventTypes.PostLike,
                < 88 => EventTypes.PostUnlike,
                < 94 => EventTypes.PostComment,
                < 98 => EventTypes.PostShare,
                _ => EventTypes.Search,
            };
            long? postId = type == EventTypes.Search ? null : 1 + (popularity is null ? random.Next(Posts) : Pick(popularity, random.NextDouble()));
            var id = Guid.CreateVersion7(now).ToString();
            var userId = 1 + random.Next(100_000);
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"id":"{{id}}","type":"{{type}}","postId":{{postId?.ToString(CultureInfo.InvariantCulture) ?? "null"}},"userId":{{userId}},"occurredAt":"{{now:O}}","device":"mobile","os":"android","country":"DE"}""");
            events[i] = new RealtimeEvent(id, type, postId, now, json, userId);
        }
        return events;
    }

    private static double[] Cumulative(double exponent)
    {
        var cumulative = new double[Posts];
        var total = 0.0;
        for (var rank = 1; rank <= Posts; rank++)
        {
            total += 1 / Math.Pow(rank, exponent);
            cumulative[rank - 1] = total;
        }
        for (var i = 0; i < Posts; i++)
        {
            cumulative[i] /= total;
        }
        return cumulative;
    }

    private static int Pick(double[] cumulative, double uniform)
    {
        var index = Array.BinarySearch(cumulative, uniform);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
