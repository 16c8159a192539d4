using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Pulse.Data.Entities;
using Pulse.Data.Seeding;

namespace Pulse.UnitTests.Data.Seeding;

/// <summary>The generated rows satisfy the schema's rules and each other's references.</summary>
public sealed partial class SeedValidityTests(SmallSeed small) : IClassFixture<SmallSeed>
{
    private readonly GeneratedSeed seed = small.Seed;

    [GeneratedRegex("^[a-z0-9_]{3,30}$")]
    private static partial Regex HandleFormat();

    [GeneratedRegex("^[a-z0-9._]+@[a-z0-9.]+\\.[a-z]{2,}$")]
    private static partial Regex EmailShape();

    [Fact]
    public void Has_the_scale_s_users_and_posts_and_about_its_follows()
    {
        Assert.Equal(SeedScale.Small.Users, seed.Users.Count);
        Assert.Equal(SeedScale.Small.Posts, seed.Posts.Count);
        Assert.InRange(seed.Follows.Count, SeedScale.Small.Follows * 0.9, SeedScale.Small.Follows * 1.1);
    }

    [Fact]
    public void Handles_are_unique_and_match_the_users_check_constraint()
    {
        Assert.All(seed.Users, user => Assert.Matches(HandleFormat(), user.Handle));
        Assert.Equal(seed.Users.Count, seed.Users.Select(user => user.Handle).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Emails_are_lower_case_unique_and_on_reserved_example_domains()
    {
        Assert.All(seed.Users, user =>
        {
            Assert.Equal(user.Email.ToLowerInvariant(), user.Email);
            Assert.Matches(EmailShape(), user.Email);
            Assert.Contains("example.", user.Email.Split('@')[1], StringComparison.Ordinal);
        });
        Assert.Equal(seed.Users.Count, seed.Users.Select(user => user.Email).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Users_have_names_countries_and_sign_up_dates_over_the_past_two_years()
    {
        Assert.All(seed.Users, user =>
        {
            Assert.Matches("^[A-Z]{2}$", user.Country);
            Assert.InRange(user.DisplayName.Length, 3, 100);
            Assert.InRange(user.CreatedAt, SmallSeed.Anchor - SeedGenerator.History, SmallSeed.Anchor);
        });
        var span = seed.Users.Max(user => user.CreatedAt) - seed.Users.Min(user => user.CreatedAt);
        Assert.True(span > TimeSpan.FromDays(600), $"sign-ups span only {span.TotalDays:0} days");
        Assert.Equal(seed.Users.OrderBy(user => user.CreatedAt).Select(user => user.Handle), seed.Users.Select(user => user.Handle));
    }

    [Fact]
    public void Every_post_has_an_existing_author_and_fits_the_posts_constraints()
    {
        Assert.All(seed.Posts, post =>
        {
            Assert.InRange(post.AuthorIndex, 0, seed.Users.Count - 1);
            Assert.InRange(post.CreatedAt, seed.Users[post.AuthorIndex].CreatedAt, SmallSeed.Anchor);
            Assert.InRange(post.Content.Length, 1, 2000);
            Assert.InRange(post.Tags.Length, 0, 4);
            Assert.Equal(post.Tags.Length, post.Tags.Distinct().Count());
            Assert.All(post.Tags, tag => Assert.Matches("^[a-z0-9]+$", tag));
        });
        Assert.Equal(seed.Posts.OrderBy(post => post.CreatedAt).Select(post => post.CreatedAt), seed.Posts.Select(post => post.CreatedAt));
    }

    [Fact]
    public void Follows_have_no_self_follows_no_duplicates_and_are_never_older_than_either_account()
    {
        Assert.All(seed.Follows, follow =>
        {
            Assert.NotEqual(follow.FollowerIndex, follow.FolloweeIndex);
            Assert.InRange(follow.FollowerIndex, 0, seed.Users.Count - 1);
            Assert.InRange(follow.FolloweeIndex, 0, seed.Users.Count - 1);
            Assert.True(follow.CreatedAt >= seed.Users[follow.FollowerIndex].CreatedAt && follow.CreatedAt >= seed.Users[follow.FolloweeIndex].CreatedAt);
            Assert.True(follow.CreatedAt <= SmallSeed.Anchor);
        });
        Assert.Equal(seed.Follows.Count, seed.Follows.Select(follow => (follow.FollowerIndex, follow.FolloweeIndex)).Distinct().Count());
    }

    [Fact]
    public void Activity_rows_refer_to_existing_posts_and_users_inside_the_window()
    {
        var lastDay = DateOnly.FromDateTime(SmallSeed.Anchor.UtcDateTime);
        var firstDay = lastDay.AddDays(1 - SmallSeed.ActivityDays);
        Assert.NotEmpty(seed.PostDays);
        Assert.NotEmpty(seed.UserDays);
        Assert.All(seed.PostDays, day =>
        {
            Assert.InRange(day.Day, firstDay, lastDay);
            Assert.True(day.Day >= DateOnly.FromDateTime(seed.Posts[day.PostIndex].CreatedAt.UtcDateTime), "views before the post existed");
            Assert.True(day.Views > 0);
            Assert.True(day.Likes <= day.Views && day.Comments <= day.Views && day.Shares <= day.Views);
        });
        Assert.Equal(seed.PostDays.Count, seed.PostDays.Select(day => (day.PostIndex, day.Day)).Distinct().Count());
        Assert.All(seed.UserDays, day =>
        {
            Assert.InRange(day.Day, firstDay, lastDay);
            Assert.True(day.Day >= DateOnly.FromDateTime(seed.Users[day.UserIndex].CreatedAt.UtcDateTime), "activity before sign-up");
            Assert.Equal(day.PostViews + day.Likes + day.Comments + day.Shares + day.Follows + day.Sessions, day.Events);
            Assert.True(day.Sessions >= 1);
        });
    }

    [Fact]
    public void Post_stats_are_the_totals_of_the_daily_rows()
    {
        var sums = seed.PostDays.GroupBy(day => day.PostIndex)
            .ToDictionary(group => group.Key, group => new SeedPostTotals(group.Key, group.Sum(d => d.Views), group.Sum(d => d.Likes), group.Sum(d => d.Comments), group.Sum(d => d.Shares)));

        Assert.Equal(sums.Count, seed.PostTotals.Count);
        Assert.All(seed.PostTotals, totals => Assert.Equal(sums[totals.PostIndex], totals with { Reach = 0 }));
    }

    [Fact]
    public void A_post_reaches_at_least_one_viewer_and_never_more_than_its_views()
    {
        Assert.All(seed.PostTotals, totals => Assert.InRange(totals.Reach, 1, totals.Views));
        Assert.Contains(seed.PostTotals, totals => totals.Reach < totals.Views);
    }

    [Fact]
    public void A_user_day_s_hours_add_up_to_its_events()
    {
        var hours = seed.UserHours.GroupBy(hour => (hour.UserIndex, hour.Day)).ToDictionary(group => group.Key, group => group.Sum(hour => hour.Events));

        Assert.Equal(seed.UserDays.Count, hours.Count);
        Assert.All(seed.UserDays, day => Assert.Equal(day.Events, hours[(day.UserIndex, day.Day)]));
        Assert.All(seed.UserHours, hour => Assert.InRange(hour.Hour, 0, 23));
        Assert.Equal(seed.UserHours.Count, seed.UserHours.Select(hour => (hour.UserIndex, hour.Day, hour.Hour)).Distinct().Count());
    }

    [Fact]
    public void The_shared_password_hash_verifies_the_documented_demo_password()
    {
        var hasher = new PasswordHasher<User>();
        var user = new User { Handle = "ada", DisplayName = "Ada", Email = "ada@example.com", Country = "GB", PasswordHash = SeedPassword.Hash };

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, SeedPassword.Hash, SeedPassword.Text));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, SeedPassword.Hash, "not-the-password"));
    }
}
