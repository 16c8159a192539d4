namespace Pulse.Data.Seeding;

/// <summary>
/// The analytics aggregates for the last N days, shaped like real engagement: a post's lifetime views
/// scale with its author's followers times a Pareto-distributed virality (most posts get a handful of
/// views, a few get very many), and arrive mostly in the first days after posting, with a long
/// power-law tail. Likes, comments and shares are small, per-post fractions of views. Users'
/// daily activity shares out each day's totals by a heavy-tailed activity level among the users who
/// were active that day.
/// </summary>
internal static class EngagementHistory
{
    private const double ViralityShape = 1.3;
    private const double ViralityScale = 0.2;
    private const double ViralityCap = 500;
    // Of a post's views, this share decays geometrically from day 0, the rest follows a power-law tail.
    private const double EarlyShare = 0.85;
    private const double EarlyDecay = 0.45;
    private const double TailExponent = 1.6;
    private const double TailNormaliser = 2.285; // zeta(1.6): the tail's weights over all ages sum to 1.

    public sealed record Result(SeedPostDay[] PostDays, SeedPostTotals[] PostTotals, SeedUserDay[] UserDays);

    public static Result Generate(
        IReadOnlyList<SeedUser> users, IReadOnlyList<SeedPost> posts, IReadOnlyList<SeedFollow> follows,
        int days, DateTimeOffset anchor, Random random)
    {
        var lastDay = DateOnly.FromDateTime(anchor.UtcDateTime);
        var firstDay = lastDay.AddDays(1 - days);
        var followers = new int[users.Count];
        foreach (var follow in follows)
        {
            followers[follow.FolloweeIndex]++;
        }

        var postDays = new List<SeedPostDay>();
        var totals = new List<SeedPostTotals>();
        var dayTotals = new (long Views, long Likes, long Comments, long Shares)[days];
        for (var index = 0; index < posts.Count; index++)
        {
            var post = posts[index];
            var lifetimeViews = (10 + 2.0 * followers[post.AuthorIndex]) * Math.Min(random.Pareto(ViralityScale, ViralityShape), ViralityCap);
            var likeRate = 0.01 + 0.07 * random.NextDouble();
            var created = DateOnly.FromDateTime(post.CreatedAt.UtcDateTime);
            var total = new SeedPostTotals(index, 0, 0, 0, 0);
            for (var day = created > firstDay ? created : firstDay; day <= lastDay; day = day.AddDays(1))
            {
                var views = random.Poisson(lifetimeViews * ShareOnAge(day.DayNumber - created.DayNumber));
                if (views == 0)
                {
                    continue;
                }
                var likes = Math.Min(views, random.Poisson(views * likeRate));
                var comments = Math.Min(views, random.Poisson(views * likeRate * 0.12));
                var shares = Math.Min(views, random.Poisson(views * likeRate * 0.08));
                postDays.Add(new SeedPostDay(index, day, views, likes, comments, shares));
                total = total with { Views = total.Views + views, Likes = total.Likes + likes, Comments = total.Comments + comments, Shares = total.Shares + shares };
                ref var today = ref dayTotals[day.DayNumber - firstDay.DayNumber];
                today = (today.Views + views, today.Likes + likes, today.Comments + comments, today.Shares + shares);
            }
            if (total.Views > 0)
            {
                totals.Add(total);
            }
        }
        return new Result([.. postDays], [.. totals], UserDays(users, follows, dayTotals, firstDay, random));
    }

    /// <summary>The expected share of a post's lifetime views on the given day of its life.</summary>
    private static double ShareOnAge(int age) =>
        EarlyShare * (1 - EarlyDecay) * Math.Pow(EarlyDecay, age)
        + (1 - EarlyShare) * Math.Pow(age + 1, -TailExponent) / TailNormaliser;

    private static SeedUserDay[] UserDays(
        IReadOnlyList<SeedUser> users, IReadOnlyList<SeedFollow> follows,
        (long Views, long Likes, long Comments, long Shares)[] dayTotals, DateOnly firstDay, Random random)
    {
        var activity = new double[users.Count];
        for (var user = 0; user < users.Count; user++)
        {
            activity[user] = random.LogNormal(1.0, 1.5);
        }
        var followsPerDay = (double)follows.Count / 730 / Math.Max(1, users.Count);

        var rows = new List<SeedUserDay>();
        var active = new List<int>();
        for (var offset = 0; offset < dayTotals.Length; offset++)
        {
            var day = firstDay.AddDays(offset);
            active.Clear();
            var weight = 0.0;
            for (var user = 0; user < users.Count; user++)
            {
                if (DateOnly.FromDateTime(users[user].CreatedAt.UtcDateTime) <= day && random.NextDouble() < Math.Min(0.95, 0.2 * activity[user]))
                {
                    active.Add(user);
                    weight += activity[user];
                }
            }
            var totals = dayTotals[offset];
            foreach (var user in active)
            {
                var share = activity[user] / weight;
                var views = random.Poisson(totals.Views * share);
                var likes = random.Poisson(totals.Likes * share);
                var comments = random.Poisson(totals.Comments * share);
                var shares = random.Poisson(totals.Shares * share);
                var followed = random.Poisson(followsPerDay * activity[user]);
                var sessions = 1 + random.Poisson(views / 15.0);
                rows.Add(new SeedUserDay(user, day, views + likes + comments + shares + followed + sessions, views, likes, comments, shares, followed, sessions));
            }
        }
        return [.. rows];
    }
}
