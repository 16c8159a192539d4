using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pulse.Data.Seeding;

namespace Pulse.UnitTests.Data.Seeding;

public sealed class SeedGeneratorDeterminismTests
{
    private static readonly DateTimeOffset Anchor = SmallSeed.Anchor;

    [Fact]
    public void The_same_seed_gives_identical_rows()
    {
        var request = new SeedRequest(SeedScale.Small, RandomSeed: 42, ActivityDays: 7);

        var first = Fingerprint(SeedGenerator.Generate(request, Anchor));
        var second = Fingerprint(SeedGenerator.Generate(request, Anchor));

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_different_seed_gives_different_rows()
    {
        var one = SeedGenerator.Generate(new SeedRequest(SeedScale.Small, RandomSeed: 42), Anchor);
        var other = SeedGenerator.Generate(new SeedRequest(SeedScale.Small, RandomSeed: 43), Anchor);

        Assert.NotEqual(Fingerprint(one), Fingerprint(other));
        Assert.NotEqual(one.Users.Select(user => user.Handle), other.Users.Select(user => user.Handle));
        Assert.NotEqual(one.Posts.Select(post => post.Content), other.Posts.Select(post => post.Content));
    }

    [Fact]
    public void Activity_is_off_unless_asked_for()
    {
        var seed = SeedGenerator.Generate(new SeedRequest(SeedScale.Small), Anchor);

        Assert.Empty(seed.PostDays);
        Assert.Empty(seed.PostTotals);
        Assert.Empty(seed.UserDays);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(SeedRequest.MaxActivityDays + 1)]
    public void Activity_days_out_of_range_are_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedGenerator.Generate(new SeedRequest(SeedScale.Small, ActivityDays: days), Anchor));

    [Theory]
    [InlineData("small", 1_000, 10_000)]
    [InlineData("Demo", 10_000, 100_000)]
    [InlineData(" large ", 100_000, 1_000_000)]
    public void Scales_are_found_by_name(string name, int users, int posts)
    {
        Assert.True(SeedScale.TryParse(name, out var scale));
        Assert.Equal((users, posts), (scale.Users, scale.Posts));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("huge")]
    [InlineData(null)]
    public void Unknown_scales_are_not_found(string? name) => Assert.False(SeedScale.TryParse(name, out _));

    /// <summary>Every generated value, hashed.</summary>
    private static string Fingerprint(GeneratedSeed seed)
    {
        var text = new StringBuilder();
        foreach (var user in seed.Users)
        {
            text.Append(CultureInfo.InvariantCulture, $"{user.Handle}|{user.DisplayName}|{user.Email}|{user.Country}|{user.CreatedAt:O}\n");
        }
        foreach (var post in seed.Posts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{post.AuthorIndex}|{post.Content}|{string.Join(',', post.Tags)}|{post.CreatedAt:O}\n");
        }
        foreach (var row in seed.Follows.Cast<object>().Concat(seed.PostDays.Cast<object>()).Concat(seed.PostTotals.Cast<object>()).Concat(seed.UserDays.Cast<object>()))
        {
            text.Append(CultureInfo.InvariantCulture, $"{row}\n");
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
