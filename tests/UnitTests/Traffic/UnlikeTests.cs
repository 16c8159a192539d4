using Pulse.Contracts.Realtime;

namespace Pulse.UnitTests.Traffic;

/// <summary>An unlike always takes back an earlier like by the same user on the same post, even where a session is cut at a range's edge.</summary>
[Collection(nameof(SharedTraffic))]
public sealed class UnlikeTests(TrafficFixture traffic)
{
    [Fact]
    public void Every_unlike_follows_an_unreturned_like_by_the_same_user_on_the_same_post()
    {
        var standingLikes = new Dictionary<(long User, long Post), int>();
        var unlikes = 0;
        foreach (var e in traffic.FirstSends)
        {
            if (e.Type == EventTypes.PostLike)
            {
                standingLikes[(e.UserId!.Value, e.PostId!.Value)] = standingLikes.GetValueOrDefault((e.UserId.Value, e.PostId.Value)) + 1;
            }
            else if (e.Type == EventTypes.PostUnlike)
            {
                var key = (e.UserId!.Value, e.PostId!.Value);
                Assert.True(standingLikes.GetValueOrDefault(key) > 0, $"user {key.Item1} unliked post {key.Item2} without a standing like");
                standingLikes[key]--;
                unlikes++;
            }
        }
        Assert.True(unlikes > 100, $"only {unlikes} unlikes");
    }

    [Fact]
    public void Sessions_cut_at_the_start_of_a_range_keep_no_orphan_unlike()
    {
        // Live traffic opens on sessions already under way: their likes before the start are cut off.
        var start = TrafficFixture.WeekEnd;
        var liked = new HashSet<(long, long)>();
        var events = traffic.Model.Live(start, 2_000).TakeWhile(batch => batch.DueAt < start.AddMinutes(2)).Where(batch => !batch.IsRetry).SelectMany(batch => batch.Events);
        foreach (var e in events)
        {
            Assert.True(e.Timestamp >= start);
            if (e.Type == EventTypes.PostLike)
            {
                liked.Add((e.UserId!.Value, e.PostId!.Value));
            }
            else if (e.Type == EventTypes.PostUnlike)
            {
                Assert.Contains((e.UserId!.Value, e.PostId!.Value), liked);
            }
        }
    }
}
