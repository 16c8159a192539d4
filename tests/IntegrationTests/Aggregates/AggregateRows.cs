namespace Pulse.IntegrationTests.Aggregates;

public readonly record struct PostCounts(long Views, long Likes, long Comments, long Shares);

public readonly record struct PostDayKey(long PostId, DateOnly Day);

public readonly record struct PostDayCounts(long AuthorId, long Views, long Likes, long Comments, long Shares);

public readonly record struct UserDayKey(long UserId, DateOnly Day);

public readonly record struct UserHourKey(long UserId, DateTimeOffset Hour);

public readonly record struct UserDayCounts(long Events, long PostViews, long Likes, long Comments, long Shares, long Follows, long Sessions);

/// <summary>
/// The aggregate tables, keyed, so two states compare with one equality each: a post's reach (its
/// distinct viewers) and each user's events per UTC hour beside the three daily and total tables.
/// </summary>
public sealed record AggregateRows(
    SortedDictionary<long, PostCounts> Posts,
    SortedDictionary<PostDayKey, PostDayCounts> PostDays,
    SortedDictionary<UserDayKey, UserDayCounts> UserDays,
    SortedDictionary<long, long> Reach,
    SortedDictionary<UserHourKey, long> UserHours)
{
    public static AggregateRows Empty() => new([], new(KeyComparer.PostDay), new(KeyComparer.UserDay), [], new(KeyComparer.UserHour));

    public static void AssertEqual(AggregateRows expected, AggregateRows actual)
    {
        Assert.Equal(expected.Posts, actual.Posts);
        Assert.Equal(expected.PostDays, actual.PostDays);
        Assert.Equal(expected.UserDays, actual.UserDays);
        Assert.Equal(expected.Reach, actual.Reach);
        Assert.Equal(expected.UserHours, actual.UserHours);
    }

    private static class KeyComparer
    {
        public static readonly IComparer<PostDayKey> PostDay = Comparer<PostDayKey>.Create((a, b) => (a.PostId, a.Day).CompareTo((b.PostId, b.Day)));
        public static readonly IComparer<UserDayKey> UserDay = Comparer<UserDayKey>.Create((a, b) => (a.UserId, a.Day).CompareTo((b.UserId, b.Day)));
        public static readonly IComparer<UserHourKey> UserHour = Comparer<UserHourKey>.Create((a, b) => (a.UserId, a.Hour).CompareTo((b.UserId, b.Hour)));
    }
}
