namespace Pulse.Contracts.Analytics;

/// <summary>A post's engagement over a window, ranked among all posts and among its author's.</summary>
public sealed record TopPost(
    long PostId,
    long AuthorId,
    string AuthorHandle,
    string Excerpt,
    long Views,
    long Likes,
    long Comments,
    long Shares,
    double Engagement,
    long Rank,
    long RankWithinAuthor);

/// <summary>One day of the platform's engagement with its 7-day moving average and change from the day before.</summary>
public sealed record DailyEngagement(
    DateOnly Day,
    long Views,
    long Likes,
    long Comments,
    long Shares,
    double Engagement,
    double MovingAverage7Days,
    double? ChangeFromPreviousDay);

/// <summary>An author's engagement over a window; percentile 100 is the most engaging author.</summary>
public sealed record AuthorStanding(
    long AuthorId,
    string Handle,
    string DisplayName,
    long Posts,
    double Engagement,
    long Rank,
    double Percentile,
    int Quartile);

public sealed record FollowedUser(long UserId, string Handle, string DisplayName, long Followers, long Rank);

/// <summary>One user's reach and activity over a window.</summary>
public sealed record UserEngagementSummary(
    long UserId,
    string Handle,
    string DisplayName,
    long Followers,
    long Following,
    long Posts,
    long Views,
    long Likes,
    long Comments,
    long Shares,
    double Engagement,
    long ActiveDays,
    long Events,
    long Sessions,
    IReadOnlyList<UserTopPost> TopPosts);

public sealed record UserTopPost(long PostId, string Excerpt, double Engagement, long Rank);

/// <summary>One UTC day of follower growth: a user's followers, or every follow on the platform.</summary>
/// <param name="Gained">Follows made that day.</param>
/// <param name="Lost">Follows removed that day.</param>
/// <param name="Net"><see cref="Gained"/> minus <see cref="Lost"/>.</param>
/// <param name="Total">Followers (or, platform-wide, follows) at the end of the day: the running total.</param>
public sealed record FollowerGrowthDay(DateOnly Day, long Gained, long Lost, long Net, long Total);
