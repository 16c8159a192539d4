namespace Pulse.Data.Seeding;

/// <summary>
/// Who follows whom. Every user has a popularity rank (a random permutation) and is followed with
/// Zipf probability over it, so a few accounts gather a large share of all follows; how many accounts a
/// user follows is log-normal (most follow a few, some follow hundreds). No self-follows, no
/// duplicates; a follow is never older than either account.
/// </summary>
internal static class FollowGraph
{
    public const double PopularityExponent = 0.9;
    private const double OutDegreeSigma = 1.2;

    public static SeedFollow[] Generate(IReadOnlyList<SeedUser> users, int targetFollows, DateTimeOffset anchor, Random random)
    {
        var count = users.Count;
        if (count < 2)
        {
            return [];
        }
        var popularity = random.Permutation(count);
        var weights = new double[count];
        for (var rank = 0; rank < count; rank++)
        {
            weights[popularity[rank]] = Math.Pow(rank + 1, -PopularityExponent);
        }
        var followees = new AliasTable(weights);
        var outDegrees = OutDegrees(count, targetFollows, random);

        var follows = new List<SeedFollow>(targetFollows + targetFollows / 10);
        var chosen = new HashSet<int>();
        var sorted = new List<int>();
        for (var follower = 0; follower < count; follower++)
        {
            chosen.Clear();
            var wanted = outDegrees[follower];
            // Bounded: a user who wants nearly everyone may end a little short of it.
            for (var attempt = 0; chosen.Count < wanted && attempt < wanted * 4 + 20; attempt++)
            {
                var followee = followees.Sample(random);
                if (followee != follower)
                {
                    chosen.Add(followee);
                }
            }
            sorted.Clear();
            sorted.AddRange(chosen);
            // In key order: the (follower, followee) primary key then fills page by page.
            sorted.Sort();
            foreach (var followee in sorted)
            {
                follows.Add(new SeedFollow(follower, followee, FollowedAt(users[follower], users[followee], anchor, random)));
            }
        }
        return [.. follows];
    }

    /// <summary>Log-normal out-degrees, rescaled so they sum to about the target.</summary>
    private static int[] OutDegrees(int count, int targetFollows, Random random)
    {
        var mean = (double)targetFollows / count;
        var raw = new double[count];
        for (var i = 0; i < count; i++)
        {
            raw[i] = Math.Min(random.LogNormal(mean, OutDegreeSigma), count - 1);
        }
        var scale = targetFollows / raw.Sum();
        return [.. raw.Select(degree => Math.Min(random.RoundStochastically(degree * scale), count - 1))];
    }

    private static DateTimeOffset FollowedAt(SeedUser follower, SeedUser followee, DateTimeOffset anchor, Random random)
    {
        var since = follower.CreatedAt > followee.CreatedAt ? follower.CreatedAt : followee.CreatedAt;
        return (since + (anchor - since) * random.NextDouble()).ToMicroseconds();
    }
}
