namespace Pulse.Data.Seeding;

/// <summary>
/// Generates a seed: users, their posts and follows, and optionally the analytics aggregates. Pure
/// and deterministic: the same request and anchor give the same rows, in the same order.
/// </summary>
public static class SeedGenerator
{
    /// <summary>How far back the generated history reaches.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(730);

    // Share of users who only read; the others post with Zipf frequencies over a random rank.
    private const double LurkerShare = 0.4;
    private const double PostingExponent = 0.9;

    public static GeneratedSeed Generate(SeedRequest request, DateTimeOffset anchor)
    {
        request.Validate();
        anchor = anchor.ToUniversalTime();
        var scale = request.Scale;

        var users = GenerateUsers(scale.Users, request.RandomSeed, anchor);
        var posts = GeneratePosts(users, scale.Posts, request.RandomSeed, anchor);
        var follows = FollowGraph.Generate(users, scale.Follows, anchor, RandomStreams.For(request.RandomSeed, RandomStreams.Follows));
        posts = FollowersAtPublish(posts, follows, users.Length);

        var activity = request.ActivityDays > 0
            ? EngagementHistory.Generate(users, posts, follows, request.ActivityDays, anchor, RandomStreams.For(request.RandomSeed, RandomStreams.Activity))
            : new EngagementHistory.Result([], [], []);

        // A stream of its own, so reach and hours leave every other seeded figure as it was.
        var audience = RandomStreams.For(request.RandomSeed, RandomStreams.Audience);
        SeedPostTotals[] totals = [.. activity.PostTotals.Select(total => total with { Reach = Reach(total.Views, audience) })];
        var hours = ActivityHours.Generate(users, activity.UserDays, audience);

        return new GeneratedSeed(request, anchor, users, posts, follows, activity.PostDays, totals, activity.UserDays, hours);
    }

    /// <summary>Sign-ups grow over time (density rising linearly to three times the start), oldest first.</summary>
    private static SeedUser[] GenerateUsers(int count, int seed, DateTimeOffset anchor)
    {
        var random = RandomStreams.For(seed, RandomStreams.Users);
        var start = anchor - History;
        var times = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            // Inverse of the CDF (t + t^2) / 2 of the density 1 + 2t on [0, 1].
            var t = (-1 + Math.Sqrt(1 + 8 * random.NextDouble())) / 2;
            times[i] = (start + History * t).ToMicroseconds();
        }
        Array.Sort(times);

        var writer = new UserWriter(seed);
        return [.. times.Select(writer.Write)];
    }

    /// <summary>Posts ordered by time, so ids ascend with it as they would in production.</summary>
    private static SeedPost[] GeneratePosts(SeedUser[] users, int count, int seed, DateTimeOffset anchor)
    {
        var random = RandomStreams.For(seed, RandomStreams.Posts);
        var rank = random.Permutation(users.Length);
        var posterCount = Math.Max(1, (int)Math.Round(users.Length * (1 - LurkerShare)));
        var weights = new double[users.Length];
        for (var r = 0; r < posterCount; r++)
        {
            weights[rank[r]] = Math.Pow(r + 1, -PostingExponent);
        }
        var authors = new AliasTable(weights);

        var writer = new PostWriter(seed);
        var posts = new SeedPost[count];
        for (var i = 0; i < count; i++)
        {
            var author = authors.Sample(random);
            var since = users[author].CreatedAt;
            // Skewed towards the recent past: the platform, and the author's habit, grew.
            var createdAt = (since + (anchor - since) * Math.Sqrt(random.NextDouble())).ToMicroseconds();
            var (content, tags) = writer.Write();
            posts[i] = new SeedPost(author, content, tags, createdAt);
        }
        var keys = posts.Select(post => post.CreatedAt).ToArray();
        Array.Sort(keys, posts);
        return posts;
    }

    /// <summary>Most viewers see a post once, some come back: 55 % to 90 % of its views are distinct viewers.</summary>
    private static long Reach(long views, Random random) =>
        views == 0 ? 0 : Math.Max(1, (long)Math.Round(views * (0.55 + 0.35 * random.NextDouble())));

    /// <summary>Each post with the number of its author's follows made before it.</summary>
    private static SeedPost[] FollowersAtPublish(SeedPost[] posts, IReadOnlyList<SeedFollow> follows, int userCount)
    {
        var followedAt = new List<DateTimeOffset>[userCount];
        foreach (var follow in follows)
        {
            (followedAt[follow.FolloweeIndex] ??= []).Add(follow.CreatedAt);
        }
        foreach (var times in followedAt)
        {
            times?.Sort();
        }
        return [.. posts.Select(post => followedAt[post.AuthorIndex] is { } times
            ? post with { FollowersAtPublish = CountAtOrBefore(times, post.CreatedAt) }
            : post)];
    }

    private static long CountAtOrBefore(List<DateTimeOffset> sorted, DateTimeOffset time)
    {
        var index = sorted.BinarySearch(time);
        if (index < 0)
        {
            return ~index;
        }
        while (index + 1 < sorted.Count && sorted[index + 1] == time)
        {
            index++;
        }
        return index + 1;
    }
}
