namespace Pulse.Data.Seeding;

// The generated rows refer to each other by index (0-based, in creation order); the loader turns an
// index into an id past every id already in the database.

public sealed record SeedUser(string Handle, string DisplayName, string Email, string Country, DateTimeOffset CreatedAt);

/// <param name="FollowersAtPublish">The author's seeded follows made before the post.</param>
public sealed record SeedPost(int AuthorIndex, string Content, string[] Tags, DateTimeOffset CreatedAt, long FollowersAtPublish = 0);

public readonly record struct SeedFollow(int FollowerIndex, int FolloweeIndex, DateTimeOffset CreatedAt);

public readonly record struct SeedPostDay(int PostIndex, DateOnly Day, long Views, long Likes, long Comments, long Shares);

/// <summary>A post's totals over its <see cref="SeedPostDay"/> rows, and its reach (distinct viewers, drawn below its views).</summary>
public readonly record struct SeedPostTotals(int PostIndex, long Views, long Likes, long Comments, long Shares, long Reach = 0);

public readonly record struct SeedUserDay(int UserIndex, DateOnly Day, long Events, long PostViews, long Likes, long Comments, long Shares, long Follows, long Sessions);

/// <summary>A user's events in one UTC hour (0 to 23) of <see cref="Day"/>; a user-day's hours add up to its events.</summary>
public readonly record struct SeedUserHour(int UserIndex, DateOnly Day, int Hour, long Events);

/// <summary>Everything one <see cref="SeedRequest"/> generates, ready to load.</summary>
/// <param name="Anchor">"Now" for the generated history: nothing is created after it.</param>
public sealed record GeneratedSeed(
    SeedRequest Request,
    DateTimeOffset Anchor,
    IReadOnlyList<SeedUser> Users,
    IReadOnlyList<SeedPost> Posts,
    IReadOnlyList<SeedFollow> Follows,
    IReadOnlyList<SeedPostDay> PostDays,
    IReadOnlyList<SeedPostTotals> PostTotals,
    IReadOnlyList<SeedUserDay> UserDays,
    IReadOnlyList<SeedUserHour> UserHours)
{
    public long TotalRows => (long)Users.Count + Posts.Count + Follows.Count + PostDays.Count + PostTotals.Count + UserDays.Count + UserHours.Count;
}
