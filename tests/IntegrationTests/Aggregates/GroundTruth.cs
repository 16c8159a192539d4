using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>
/// The aggregates computed the slow, obvious way: event by event in the order given, each id once,
/// a like counted only from a user who does not like the post yet and an unlike only from one who
/// does (and neither from a user who no longer exists), likes floored at zero, a follow only when
/// <paramref name="follows"/> holds it, a post's counts only while the post exists and a user's only
/// while the user does. A post's reach counts each existing user's first view of it once.
/// </summary>
public sealed class GroundTruth(IReadOnlyDictionary<long, long> authorOfPost, IReadOnlySet<long> users, IReadOnlySet<(long Follower, long Followee)>? follows = null)
{
    private readonly HashSet<Guid> applied = [];
    private readonly HashSet<(long Post, long User)> likes = [];
    private readonly HashSet<(long Post, long User)> viewers = [];

    public AggregateRows Rows { get; } = AggregateRows.Empty();

    public GroundTruth Apply(IEnumerable<PipelineEvent> events)
    {
        foreach (var @event in events)
        {
            if (applied.Add(@event.Id))
            {
                Apply(@event);
            }
        }
        return this;
    }

    private void Apply(PipelineEvent @event)
    {
        var day = DateOnly.FromDateTime(@event.Timestamp.UtcDateTime);
        var type = @event.Type;
        var effectiveLike = false;
        if (@event.PostId is { } postId && authorOfPost.TryGetValue(postId, out var authorId))
        {
            if (type is EventTypes.PostLike or EventTypes.PostUnlike)
            {
                var changes = users.Contains(@event.UserId)
                    && (type == EventTypes.PostLike ? likes.Add((postId, @event.UserId)) : likes.Remove((postId, @event.UserId)));
                effectiveLike = changes && type == EventTypes.PostLike;
                type = changes ? type : "";
            }
            Rows.Posts[postId] = Step(Rows.Posts.GetValueOrDefault(postId), type);
            var newViewer = type == EventTypes.PostView && users.Contains(@event.UserId) && viewers.Add((postId, @event.UserId));
            Rows.Reach[postId] = Rows.Reach.GetValueOrDefault(postId) + (newViewer ? 1 : 0);
            var key = new PostDayKey(postId, day);
            var daily = Rows.PostDays.GetValueOrDefault(key, new PostDayCounts(authorId, 0, 0, 0, 0));
            var counts = Step(new PostCounts(daily.Views, daily.Likes, daily.Comments, daily.Shares), type);
            Rows.PostDays[key] = new PostDayCounts(authorId, counts.Views, counts.Likes, counts.Comments, counts.Shares);
        }
        if (users.Contains(@event.UserId))
        {
            var utc = @event.Timestamp.ToUniversalTime();
            var hour = new UserHourKey(@event.UserId, new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero));
            Rows.UserHours[hour] = Rows.UserHours.GetValueOrDefault(hour) + 1;
            var key = new UserDayKey(@event.UserId, day);
            var activity = Rows.UserDays.GetValueOrDefault(key);
            Rows.UserDays[key] = activity with
            {
                Events = activity.Events + 1,
                PostViews = activity.PostViews + Is(@event, EventTypes.PostView),
                Likes = activity.Likes + (effectiveLike ? 1 : 0),
                Comments = activity.Comments + Is(@event, EventTypes.PostComment),
                Shares = activity.Shares + Is(@event, EventTypes.PostShare),
                Follows = activity.Follows + (@event.Type == EventTypes.UserFollow && follows is not null
                    && follows.Contains((@event.UserId, @event.TargetUserId!.Value)) ? 1 : 0),
                Sessions = activity.Sessions + Is(@event, EventTypes.SessionStart),
            };
        }
    }

    private static PostCounts Step(PostCounts counts, string type) => type switch
    {
        EventTypes.PostView => counts with { Views = counts.Views + 1 },
        EventTypes.PostLike => counts with { Likes = counts.Likes + 1 },
        EventTypes.PostUnlike => counts with { Likes = Math.Max(0, counts.Likes - 1) },
        EventTypes.PostComment => counts with { Comments = counts.Comments + 1 },
        EventTypes.PostShare => counts with { Shares = counts.Shares + 1 },
        _ => counts,
    };

    private static long Is(PipelineEvent @event, string type) => @event.Type == type ? 1 : 0;
}
