using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.LoadGen.Traffic;
using Pulse.UnitTests.Data.Seeding;

namespace Pulse.UnitTests.Traffic;

/// <summary>What a session holds: the configured means and conditional probabilities, within a few standard deviations.</summary>
[Collection(nameof(SharedTraffic))]
public sealed class SessionMixTests(TrafficFixture traffic)
{
    private readonly IReadOnlyList<List<IngestEvent>> sessions = traffic.Sessions;
    private readonly TrafficOptions options = TrafficFixture.Options;

    [Fact]
    public void Every_session_starts_and_ends_once_in_time_order_with_one_user_device_and_country()
    {
        Assert.All(sessions, session =>
        {
            Assert.Equal(EventTypes.SessionStart, session[0].Type);
            Assert.Equal(EventTypes.SessionEnd, session[^1].Type);
            Assert.Single(session, e => e.Type == EventTypes.SessionStart);
            Assert.Single(session, e => e.Type == EventTypes.SessionEnd);
            Assert.Equal(session.OrderBy(e => e.Timestamp).Select(e => e.Id), session.Select(e => e.Id));
            Assert.Single(session.Select(e => (e.UserId, e.Device, e.Geo)).Distinct());
        });
    }

    [Fact]
    public void Views_and_searches_per_session_have_their_configured_means()
    {
        Assert.InRange(sessions.Average(s => s.Count(e => e.Type == EventTypes.PostView)), options.ViewsPerSession * 0.97, options.ViewsPerSession * 1.03);
        Assert.InRange(sessions.Average(s => s.Count(e => e.Type == EventTypes.Search)), options.SearchesPerSession - 0.03, options.SearchesPerSession + 0.03);
    }

    [Fact]
    public void Likes_comments_and_shares_follow_a_first_view_with_their_probabilities_and_no_user_likes_a_post_twice()
    {
        var firstViews = 0;
        // A user likes a post at most once in a run (so every like and unlike changes its likes):
        // only first views of posts the user never liked can end in a like.
        var likeable = 0;
        var liked = new HashSet<(long User, long Post)>();
        var unliked = new HashSet<(long User, long Post)>();
        var (likes, comments, shares) = (0, 0, 0);
        foreach (var session in sessions)
        {
            var viewed = new HashSet<long>();
            foreach (var e in session)
            {
                switch (e.Type)
                {
                    case EventTypes.PostView when viewed.Add(e.PostId!.Value):
                        firstViews++;
                        likeable += liked.Contains((e.UserId!.Value, e.PostId!.Value)) ? 0 : 1;
                        break;
                    case EventTypes.PostUnlike:
                        Assert.Contains((e.UserId!.Value, e.PostId!.Value), liked);
                        Assert.True(unliked.Add((e.UserId!.Value, e.PostId!.Value)), "A second unlike of one like.");
                        break;
                    case EventTypes.PostLike or EventTypes.PostComment or EventTypes.PostShare:
                        Assert.Contains(e.PostId!.Value, viewed);
                        Assert.True(e.Type != EventTypes.PostLike || liked.Add((e.UserId!.Value, e.PostId!.Value)), "A like of a post the user likes already.");
                        likes += e.Type == EventTypes.PostLike ? 1 : 0;
                        comments += e.Type == EventTypes.PostComment ? 1 : 0;
                        shares += e.Type == EventTypes.PostShare ? 1 : 0;
                        break;
                }
            }
        }

        AssertShare(likes, likeable, options.LikeProbability);
        AssertShare(comments, firstViews, options.CommentProbability);
        AssertShare(shares, firstViews, options.ShareProbability);
    }

    [Fact]
    public void A_share_of_likes_is_taken_back_later_in_the_same_session()
    {
        var likes = sessions.Sum(s => s.Count(e => e.Type == EventTypes.PostLike));
        var unlikes = sessions.Sum(s => s.Count(e => e.Type == EventTypes.PostUnlike));

        AssertShare(unlikes, likes, options.UnlikeProbability);
    }

    [Fact]
    public void Follows_go_to_authors_just_seen_or_friends_of_friends_never_to_someone_already_followed()
    {
        var graph = traffic.Graph;
        var index = Enumerable.Range(0, graph.UserCount).ToDictionary(graph.UserId);
        var following = Following(graph);
        var follows = 0;
        // The sessions in the order they were written: each sees the follows and unfollows before it.
        foreach (var session in sessions)
        {
            var user = index[session[0].UserId!.Value];
            var authorsSeen = session.Where(e => e.Type == EventTypes.PostView).Select(e => graph.UserId(graph.AuthorOf((int)e.PostId!.Value - 1))).ToHashSet();
            var friendsOfFriends = graph.Following(user).ToArray().SelectMany(friend => graph.Following(friend).ToArray()).Select(graph.UserId).ToHashSet();
            foreach (var change in session.Where(e => e.Type is EventTypes.UserFollow or EventTypes.UserUnfollow))
            {
                var pair = (change.UserId!.Value, change.TargetUserId!.Value);
                if (change.Type == EventTypes.UserUnfollow)
                {
                    Assert.True(following.Remove(pair), $"user {pair.Item1} unfollowed {pair.Item2}, whom they did not follow");
                    continue;
                }
                follows++;
                Assert.NotEqual(pair.Item1, pair.Item2);
                Assert.True(authorsSeen.Contains(pair.Item2) || friendsOfFriends.Contains(pair.Item2), $"user {pair.Item1} followed {pair.Item2}, neither an author seen nor a friend of a friend");
                Assert.True(following.Add(pair), $"user {pair.Item1} followed {pair.Item2}, whom they already followed");
                Assert.Contains(session, e => e.Type == EventTypes.ProfileView && e.TargetUserId == pair.Item2 && e.Timestamp < change.Timestamp);
            }
        }
        Assert.True(follows > 100, $"only {follows} follows");
    }

    [Fact]
    public void A_share_of_sessions_unfollows_an_account_of_the_seeded_graph()
    {
        var graph = traffic.Graph;
        var index = Enumerable.Range(0, graph.UserCount).ToDictionary(graph.UserId);
        var unfollows = sessions.SelectMany(s => s.Where(e => e.Type == EventTypes.UserUnfollow)).ToArray();

        Assert.All(unfollows, e => Assert.True(graph.IsFollowing(index[e.UserId!.Value], index[e.TargetUserId!.Value])));
        Assert.All(sessions, s => Assert.True(s.Count(e => e.Type == EventTypes.UserUnfollow) <= 1));
        // A session that drew an unfollow has none when its user follows nobody, or no longer follows the one drawn.
        var sessionsOfFollowers = sessions.Count(s => !graph.Following(index[s[0].UserId!.Value]).IsEmpty);
        Assert.InRange(unfollows.Length / (double)sessionsOfFollowers, options.UnfollowProbability * 0.7, options.UnfollowProbability * 1.3);
    }

    private static HashSet<(long Follower, long Followee)> Following(SocialGraph graph) =>
    [
        .. Enumerable.Range(0, graph.UserCount)
            .SelectMany(user => graph.Following(user).ToArray().Select(followee => (graph.UserId(user), graph.UserId(followee)))),
    ];

    [Fact]
    public void Devices_follow_the_mix_and_countries_are_the_users_own()
    {
        var graph = traffic.Graph;
        var countryOf = Enumerable.Range(0, graph.UserCount).ToDictionary(graph.UserId, graph.Country);
        var starts = sessions.Select(s => s[0]).ToArray();

        foreach (var (type, expected) in DeviceMix.ExpectedTypeShares())
        {
            AssertShare(starts.Count(e => e.Device!.Type == type), starts.Length, expected);
        }
        Assert.All(starts, e => Assert.Equal(countryOf[e.UserId!.Value], e.Geo!.Country));
    }

    [Fact]
    public void A_few_users_start_most_sessions()
    {
        var perUser = sessions.GroupBy(s => s[0].UserId).Select(g => g.Count()).OrderDescending().ToArray();
        var topTenth = perUser.Take(traffic.Graph.UserCount / 10).Sum() / (double)sessions.Count;

        // Uniform activity would give the top tenth of users a tenth of sessions.
        Assert.InRange(topTenth, 0.3, 0.7);
    }

    /// <summary>Within four standard deviations of a binomial share, so a wrong probability fails and chance does not.</summary>
    private static void AssertShare(int hits, int trials, double probability)
    {
        var tolerance = 4 * Math.Sqrt(probability * (1 - probability) / trials);
        Assert.InRange(hits / (double)trials, probability - tolerance, probability + tolerance);
    }
}
