using Pulse.Data.Seeding;

namespace Pulse.UnitTests.Data.Seeding;

/// <summary>The generated data is shaped like a social network's: heavy tails where real ones have them.</summary>
public sealed class SeedDistributionTests(SmallSeed small) : IClassFixture<SmallSeed>
{
    private readonly GeneratedSeed seed = small.Seed;

    [Fact]
    public void A_few_users_hold_a_large_share_of_all_follows()
    {
        var inDegrees = PerIndex(seed.Users.Count, seed.Follows.Select(follow => follow.FolloweeIndex));

        // Uniform following would give the top 1% about 1% of follows.
        Assert.InRange(TopShare(inDegrees, 0.01), 0.15, 0.6);
        Assert.True(inDegrees.Max() >= 20 * Median(inDegrees), $"most-followed {inDegrees.Max()}, median {Median(inDegrees)}");
    }

    [Fact]
    public void A_few_authors_write_most_posts_and_many_users_never_post()
    {
        var postsPerUser = PerIndex(seed.Users.Count, seed.Posts.Select(post => post.AuthorIndex));

        Assert.InRange(TopShare(postsPerUser, 0.10), 0.5, 0.9);
        Assert.InRange(postsPerUser.Count(count => count == 0) / (double)seed.Users.Count, 0.3, 0.5);
        Assert.True(postsPerUser.Max() >= 20 * Median(postsPerUser.Where(count => count > 0).ToArray()));
    }

    [Fact]
    public void Countries_follow_their_weights()
    {
        var expected = CountryMix.ExpectedShares();
        var actual = seed.Users.GroupBy(user => user.Country).ToDictionary(group => group.Key, group => group.Count() / (double)seed.Users.Count);

        Assert.All(actual.Keys, code => Assert.Contains(code, expected.Keys));
        // 4 points is more than three standard deviations for 1,000 users at these shares.
        foreach (var code in new[] { "IN", "US", "ID", "BR", "GB", "DE" })
        {
            Assert.InRange(actual.GetValueOrDefault(code), expected[code] - 0.04, expected[code] + 0.04);
        }
        Assert.Equal("IN", actual.MaxBy(pair => pair.Value).Key);
    }

    [Fact]
    public void Tags_follow_zipf_frequencies()
    {
        var counts = seed.Posts.SelectMany(post => post.Tags).GroupBy(tag => tag).ToDictionary(group => group.Key, group => group.Count());
        var ranked = TagVocabulary.Tags.Select(tag => counts.GetValueOrDefault(tag)).ToArray();

        Assert.Equal(TagVocabulary.Tags[0], counts.MaxBy(pair => pair.Value).Key);
        Assert.True(ranked[0] > 5 * ranked[19], $"first tag {ranked[0]}, twentieth {ranked[19]}");
        Assert.InRange(seed.Posts.Count(post => post.Tags.Length == 0) / (double)seed.Posts.Count, 0.3, 0.4);
    }

    [Fact]
    public void Most_posts_get_few_views_and_a_few_get_very_many()
    {
        var views = seed.PostTotals.Select(totals => totals.Views).Order().ToArray();

        Assert.True(views[^1] >= 50 * views[views.Length / 2], $"most viewed {views[^1]}, median {views[views.Length / 2]}");
        Assert.InRange(TopShare(views, 0.01), 0.1, 0.9);
    }

    [Fact]
    public void Likes_comments_and_shares_are_realistic_fractions_of_views()
    {
        double views = seed.PostTotals.Sum(totals => totals.Views);

        Assert.InRange(seed.PostTotals.Sum(totals => totals.Likes) / views, 0.02, 0.07);
        Assert.InRange(seed.PostTotals.Sum(totals => totals.Comments) / views, 0.002, 0.01);
        Assert.InRange(seed.PostTotals.Sum(totals => totals.Shares) / views, 0.001, 0.007);
    }

    [Fact]
    public void A_post_gets_most_of_its_views_in_its_first_days()
    {
        var firstDay = DateOnly.FromDateTime(SmallSeed.Anchor.UtcDateTime).AddDays(1 - SmallSeed.ActivityDays);
        var youngPosts = seed.PostDays.Where(day => DateOnly.FromDateTime(seed.Posts[day.PostIndex].CreatedAt.UtcDateTime) >= firstDay).ToArray();
        var byAge = youngPosts.GroupBy(day => day.Day.DayNumber - DateOnly.FromDateTime(seed.Posts[day.PostIndex].CreatedAt.UtcDateTime).DayNumber)
            .ToDictionary(group => group.Key, group => group.Sum(day => day.Views));

        Assert.True(byAge[0] + byAge.GetValueOrDefault(1) > byAge.Where(pair => pair.Key >= 2).Sum(pair => pair.Value),
            "views on the first two days should outweigh all later days");
    }

    private static int[] PerIndex(int count, IEnumerable<int> indexes)
    {
        var counts = new int[count];
        foreach (var index in indexes)
        {
            counts[index]++;
        }
        return counts;
    }

    private static double TopShare(IEnumerable<long> values, double fraction)
    {
        var sorted = values.OrderDescending().ToArray();
        return sorted.Take(Math.Max(1, (int)(sorted.Length * fraction))).Sum() / (double)sorted.Sum();
    }

    private static double TopShare(IEnumerable<int> values, double fraction) => TopShare(values.Select(value => (long)value), fraction);

    private static double Median(int[] values)
    {
        var sorted = values.Order().ToArray();
        return Math.Max(1, sorted[sorted.Length / 2]);
    }
}
