using System.Globalization;
using Pulse.Api.Realtime;
using Pulse.Contracts.Realtime;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>
/// Events for the Redis benchmark, made before the clock starts: UUIDv7 ids, a realistic type mix
/// over 10,000 posts, and a JSON body of the size the Api streams.
/// </summary>
public static class RedisEventLoad
{
    public const int Posts = 10_000;

    public static RealtimeEvent[] Make(int count, DateTimeOffset now, int seed)
    {
        var random = new Random(seed);
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
            long? postId = type == EventTypes.Search ? null : 1 + random.Next(Posts);
            var id = Guid.CreateVersion7(now).ToString();
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"id":"{{id}}","type":"{{type}}","postId":{{postId?.ToString(CultureInfo.InvariantCulture) ?? "null"}},"userId":{{1 + random.Next(100_000)}},"occurredAt":"{{now:O}}","device":"mobile","os":"android","country":"DE"}""");
            events[i] = new RealtimeEvent(id, type, postId, now, json);
        }
        return events;
    }
}
