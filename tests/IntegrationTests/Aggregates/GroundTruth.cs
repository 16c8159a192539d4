using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>
/// The aggregates computed the slow, obvious way: event by event in the order given, each id once,
/// likes floored at zero, a post's counts only while the post exists and a user's only while the user does.
/// </summary>
public sealed class GroundTruth(IReadOnlyDictionary<long, long> authorOfPost, IReadOnlySet<long> users)
{
    private readonly HashSet<Guid> applied = [];

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
        if (@event.PostId is { } postId && authorOfPost.TryGetValue(postId, out var authorId))
        {
            Rows.Posts[postId] = Step(Rows.Posts.GetValueOrDefault(postId), @event.Type);
            var key = new PostDayKey(postId, day);
            var daily = Rows.PostDays.GetValueOrDefault(key, new PostDayCounts(authorId, 0, 0, 0, 0));
            var counts = Step(new PostCounts(daily.Views, daily.Likes, daily.Comments, daily.Shares), @event.Type);
            Rows.PostDays[key] = new PostDayCounts(authorId, counts.Views, counts.Likes, counts.Comments, counts.Shares);
        }
        if (users.Contains(@event.UserId))
        {
            var key = new UserDayKey(@event.UserId, day);
            var activity = Rows.UserDays.GetValueOrDefault(key);
            Rows.UserDays[key] = activity with
            {
                Events = activity.Events + 1,
                PostViews = activity.PostViews + Is(@event, EventTypes.PostView),
                Likes = activity.Likes + Is(@event, EventTypes.PostLike),
                Comments = activity.Comments + Is(@event, EventTypes.PostComment),
                Shares = activity.Shares + Is(@event, EventTypes.PostShare),
                Follows = activity.Follows + Is(@event, EventTypes.UserFollow),
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
