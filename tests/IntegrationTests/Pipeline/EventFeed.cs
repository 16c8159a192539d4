using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// Seeded batches of realistic events over known users and posts, and the aggregates they must
/// produce, computed here independently of the Ingestor's SQL.
/// </summary>
public sealed class EventFeed(long[] userIds, long[] postIds, IReadOnlyDictionary<long, long> authorOf, int seed)
{
    private static readonly string[] Types =
    [
        EventTypes.PostView, EventTypes.PostView, EventTypes.PostView, EventTypes.PostView, EventTypes.PostLike, EventTypes.PostLike,
        EventTypes.PostComment, EventTypes.PostShare, EventTypes.UserFollow, EventTypes.SessionStart, EventTypes.ProfileView, EventTypes.Search,
    ];

    private readonly Random random = new(seed);
    private readonly HashSet<(long Post, long User)> liked = [];

    public List<IngestRequest> Batches(int count, int size, TimeSpan spread)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(_ => new IngestRequest([.. Enumerable.Range(0, size).Select(_ => (IngestEvent?)Next(now, spread))]))];
    }

    private IngestEvent Next(DateTimeOffset now, TimeSpan spread)
    {
        var type = Types[random.Next(Types.Length)];
        var shape = EventRules.Shapes[type];
        var user = userIds[random.Next(userIds.Length)];
        var post = shape == EventShape.OnPost ? postIds[random.Next(postIds.Length)] : (long?)null;
        // Each user likes a post once: which of two likes counts, and so on which day, would depend
        // on which Ingestor replica applies its batch first.
        if (type == EventTypes.PostLike && !liked.Add((post!.Value, user)))
        {
            type = EventTypes.PostView;
        }
        return new IngestEvent(
            Guid.CreateVersion7(),
            type,
            user,
            post,
            shape == EventShape.OnUser ? userIds[random.Next(userIds.Length)] : null,
            now - TimeSpan.FromMilliseconds(random.NextDouble() * spread.TotalMilliseconds),
            new EventDevice("mobile", "Android", "Chrome"),
            new EventGeo("DE", "Berlin"),
            null);
    }

    /// <summary>Posts every batch; returns the events the Api accepted (202), by id.</summary>
    public static async Task<Dictionary<Guid, IngestEvent>> SendAsync(HttpClient client, IEnumerable<IngestRequest> batches, CancellationToken cancellationToken)
    {
        var accepted = new Dictionary<Guid, IngestEvent>();
        foreach (var batch in batches)
        {
            using var response = await client.PostAsJsonAsync("/api/events", batch, cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var @event in batch.Events!)
            {
                accepted[@event!.Id!.Value] = @event;
            }
        }
        return accepted;
    }

    /// <summary>
    /// What post_stats, post_daily_stats and user_daily_activity must hold after exactly these
    /// events, in this order: a like counts only from a user who does not like the post yet (the feed
    /// sends no unlikes), and a follow only when follows holds it (the feed's users follow nobody).
    /// </summary>
    public AggregateSnapshot Expected(IEnumerable<IngestEvent> events)
    {
        var likers = new HashSet<(long, long)>();
        var posts = new SortedDictionary<long, PostCounts>();
        var postDays = new SortedDictionary<(long, DateOnly), PostCounts>();
        var userDays = new SortedDictionary<(long, DateOnly), UserDayCounts>();
        foreach (var original in events)
        {
            var e = original.Type == EventTypes.PostLike && !likers.Add((original.PostId!.Value, original.UserId!.Value)) ? original with { Type = "" } : original;
            var day = DateOnly.FromDateTime(e.Timestamp!.Value.UtcDateTime);
            var user = userDays.GetValueOrDefault((e.UserId!.Value, day)) ?? new UserDayCounts(0, 0, 0, 0, 0, 0, 0);
            userDays[(e.UserId.Value, day)] = user with
            {
                Events = user.Events + 1,
                PostViews = user.PostViews + (e.Type == EventTypes.PostView ? 1 : 0),
                Likes = user.Likes + (e.Type == EventTypes.PostLike ? 1 : 0),
                Comments = user.Comments + (e.Type == EventTypes.PostComment ? 1 : 0),
                Shares = user.Shares + (e.Type == EventTypes.PostShare ? 1 : 0),
                Follows = user.Follows,
                Sessions = user.Sessions + (e.Type == EventTypes.SessionStart ? 1 : 0),
            };
            if (e.PostId is { } post)
            {
                posts[post] = Add(posts.GetValueOrDefault(post), e.Type!);
                postDays[(post, day)] = Add(postDays.GetValueOrDefault((post, day)), e.Type!);
            }
        }
        return new AggregateSnapshot(
            [.. posts.Select(p => (p.Key, p.Value))],
            [.. postDays.Select(p => (p.Key.Item1, authorOf[p.Key.Item1], p.Key.Item2, p.Value))],
            [.. userDays.Select(u => (u.Key.Item1, u.Key.Item2, u.Value))]);
    }

    private static PostCounts Add(PostCounts? counts, string type)
    {
        var c = counts ?? new PostCounts(0, 0, 0, 0);
        return type switch
        {
            EventTypes.PostView => c with { Views = c.Views + 1 },
            EventTypes.PostLike => c with { Likes = c.Likes + 1 },
            EventTypes.PostComment => c with { Comments = c.Comments + 1 },
            EventTypes.PostShare => c with { Shares = c.Shares + 1 },
            _ => c,
        };
    }
}

public sealed record PostCounts(long Views, long Likes, long Comments, long Shares);

public sealed record UserDayCounts(long Events, long PostViews, long Likes, long Comments, long Shares, long Follows, long Sessions);
