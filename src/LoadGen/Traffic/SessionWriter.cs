using System.Text.Json;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Data.Seeding;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Writes one user's session: <c>session_start</c>, post views (Zipf popularity) with likes, comments
/// and shares decided on a post's first view in the session, some likes taken back later, profile
/// views of authors, follows of authors and of friends of friends, now and then an unfollow, searches,
/// <c>session_end</c>. Every event carries the session's device and the user's country. Follows and
/// unfollows made here are remembered, so a user follows only accounts they do not follow yet and
/// unfollows only accounts they do; so are likes, so a user likes only posts they do not like yet.
/// </summary>
public sealed class SessionWriter
{
    private static readonly TimeSpan MaxDwell = TimeSpan.FromMinutes(10);

    /// <summary>Popularity draws for one view before giving it up (only early in a seed's history are most posts unpublished).</summary>
    private const int MaxPostDraws = 16;

    private readonly SocialGraph graph;
    private readonly TrafficOptions options;
    private readonly PostPopularity popularity;
    private readonly AliasTable devices = DeviceMix.CreateSampler();
    private readonly AliasTable countries = CountryMix.CreateSampler();
    private readonly AliasTable tags = TagVocabulary.CreateSampler();
    private readonly JsonElement[] queries = [.. TagVocabulary.Tags.Select(tag => JsonSerializer.SerializeToElement(new { query = tag }))];
    // Follows (true) and unfollows (false) written here, over the seeded graph's follows.
    private readonly Dictionary<(int Follower, int Followee), bool> followsChangedHere = [];
    // The posts each user liked through the likes written here, taken back since or not: a like
    // taken back is sent later (its unlike is planned minutes ahead, maybe after another session
    // of the user), so liking again here could reach Pulse while the first still stands and count nothing.
    private readonly HashSet<(int User, long Post)> likedHere = [];

    public SessionWriter(SocialGraph graph, TrafficOptions options, PostPopularity popularity)
    {
        this.graph = graph;
        this.options = options;
        this.popularity = popularity;
    }

    private readonly record struct Planned(DateTimeOffset At, string Type, long? PostId = null, long? TargetUserId = null, JsonElement? Properties = null);

    /// <summary>The session's events in time order, ids UUIDv7 of their timestamps.</summary>
    public List<IngestEvent> Write(int user, DateTimeOffset start, Random random)
    {
        var device = DeviceMix.Profiles[devices.Sample(random)].ToDevice();
        var geo = new EventGeo(graph.Country(user) ?? CountryMix.Countries[countries.Sample(random)].Code, null);
        var planned = new List<Planned> { new(start, EventTypes.SessionStart) };

        var views = 1 + random.RoundStochastically(options.ViewsPerSession > 1 ? random.LogNormal(options.ViewsPerSession - 1, 0.8) : 0);
        var searches = random.Poisson(options.SearchesPerSession);
        var searchSlots = new List<int>();
        for (var i = 0; i < searches; i++)
        {
            searchSlots.Add(random.Next(views + 1));
        }
        var friendOfFriendSlot = random.NextDouble() < options.FriendOfFriendFollowProbability ? random.Next(views + 1) : -1;
        var unfollowSlot = random.NextDouble() < options.UnfollowProbability ? random.Next(views + 1) : -1;

        var cursor = start;
        var seen = new HashSet<int>();
        for (var slot = 0; slot <= views; slot++)
        {
            foreach (var _ in searchSlots.Where(searchSlot => searchSlot == slot))
            {
                cursor += Dwell(random);
                planned.Add(new(cursor, EventTypes.Search, Properties: queries[tags.Sample(random)]));
            }
            if (slot == friendOfFriendSlot)
            {
                cursor = FollowFriendOfFriend(user, cursor, planned, random);
            }
            if (slot == unfollowSlot)
            {
                cursor = UnfollowSomeone(user, cursor, planned, random);
            }
            if (slot < views)
            {
                cursor += Dwell(random);
                if (PublishedPost(cursor, random) is { } post)
                {
                    planned.Add(new(cursor, EventTypes.PostView, PostId: graph.PostId(post)));
                    if (seen.Add(post))
                    {
                        cursor = Engage(user, post, cursor, planned, random);
                    }
                }
            }
        }
        planned.Add(new(planned.Max(e => e.At) + Dwell(random), EventTypes.SessionEnd));

        var userId = graph.UserId(user);
        return [.. planned.OrderBy(e => e.At).Select(e =>
            new IngestEvent(Uuid7.Create(e.At, random), e.Type, userId, e.PostId, e.TargetUserId, e.At, device, geo, e.Properties))];
    }

    /// <summary>
    /// A post by popularity among those already published at <paramref name="at"/>: historical traffic
    /// must not view a post before it exists. Null when every draw was still unpublished.
    /// </summary>
    private int? PublishedPost(DateTimeOffset at, Random random)
    {
        for (var draw = 0; draw < MaxPostDraws; draw++)
        {
            var post = popularity.Sample(random);
            if (graph.PostCreatedAt(post) <= at)
            {
                return post;
            }
        }
        return null;
    }

    /// <summary>What a first view leads to; returns when the user moves on.</summary>
    private DateTimeOffset Engage(int user, int post, DateTimeOffset viewedAt, List<Planned> planned, Random random)
    {
        var postId = graph.PostId(post);
        var last = viewedAt;
        void Add(Planned e)
        {
            planned.Add(e);
            last = e.At > last ? e.At : last;
        }

        // A user likes a post they do not like yet, as Pulse counts likes: by who likes it now.
        if (random.NextDouble() < options.LikeProbability && likedHere.Add((user, postId)))
        {
            var likedAt = viewedAt + Seconds(random, 1, 8);
            Add(new(likedAt, EventTypes.PostLike, PostId: postId));
            if (random.NextDouble() < options.UnlikeProbability)
            {
                // Taken back after more browsing: later than the like, and the session ends after it.
                planned.Add(new(likedAt + Seconds(random, 5, 300), EventTypes.PostUnlike, PostId: postId));
            }
        }
        if (random.NextDouble() < options.CommentProbability)
        {
            Add(new(viewedAt + Seconds(random, 10, 90), EventTypes.PostComment, PostId: postId));
        }
        if (random.NextDouble() < options.ShareProbability)
        {
            Add(new(viewedAt + Seconds(random, 3, 20), EventTypes.PostShare, PostId: postId));
        }
        var author = graph.AuthorOf(post);
        if (author != user && random.NextDouble() < options.ProfileViewProbability)
        {
            var profileAt = last + Seconds(random, 2, 10);
            Add(new(profileAt, EventTypes.ProfileView, TargetUserId: graph.UserId(author)));
            if (!Follows(user, author) && random.NextDouble() < options.FollowAfterProfileViewProbability)
            {
                Add(new(profileAt + Seconds(random, 2, 15), EventTypes.UserFollow, TargetUserId: graph.UserId(author)));
                followsChangedHere[(user, author)] = true;
            }
        }
        return last;
    }

    /// <summary>A followee of a followee the user does not follow yet: their profile, then a follow.</summary>
    private DateTimeOffset FollowFriendOfFriend(int user, DateTimeOffset at, List<Planned> planned, Random random)
    {
        var friends = graph.Following(user);
        if (friends.IsEmpty)
        {
            return at;
        }
        var friendsOfFriend = graph.Following(friends[random.Next(friends.Length)]);
        if (friendsOfFriend.IsEmpty)
        {
            return at;
        }
        var candidate = friendsOfFriend[random.Next(friendsOfFriend.Length)];
        if (candidate == user || Follows(user, candidate))
        {
            return at;
        }
        var profileAt = at + Dwell(random);
        var followedAt = profileAt + Seconds(random, 2, 15);
        planned.Add(new(profileAt, EventTypes.ProfileView, TargetUserId: graph.UserId(candidate)));
        planned.Add(new(followedAt, EventTypes.UserFollow, TargetUserId: graph.UserId(candidate)));
        followsChangedHere[(user, candidate)] = true;
        return followedAt;
    }

    /// <summary>One of the accounts the user follows in the seeded graph, if they still follow it.</summary>
    private DateTimeOffset UnfollowSomeone(int user, DateTimeOffset at, List<Planned> planned, Random random)
    {
        var followees = graph.Following(user);
        if (followees.IsEmpty)
        {
            return at;
        }
        var followee = followees[random.Next(followees.Length)];
        if (!Follows(user, followee))
        {
            return at;
        }
        var unfollowedAt = at + Dwell(random);
        planned.Add(new(unfollowedAt, EventTypes.UserUnfollow, TargetUserId: graph.UserId(followee)));
        followsChangedHere[(user, followee)] = false;
        return unfollowedAt;
    }

    private bool Follows(int follower, int followee) =>
        followsChangedHere.TryGetValue((follower, followee), out var follows) ? follows : graph.IsFollowing(follower, followee);

    private TimeSpan Dwell(Random random)
    {
        var seconds = Math.Min(random.LogNormal(options.MeanDwellSeconds, 1.0), MaxDwell.TotalSeconds);
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(seconds * 1_000)));
    }

    private static TimeSpan Seconds(Random random, double min, double max) =>
        TimeSpan.FromMilliseconds(Math.Round((min + (max - min) * random.NextDouble()) * 1_000));
}
