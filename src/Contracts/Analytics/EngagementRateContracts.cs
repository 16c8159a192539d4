namespace Pulse.Contracts.Analytics;

/// <summary>
/// One post's engagement rates over its lifetime: its interactions (likes, comments and shares)
/// divided by its reach (distinct viewers) and by its author's followers when it was published. A
/// rate is null where its denominator is zero.
/// </summary>
public sealed record PostEngagementRate(
    long PostId,
    long AuthorId,
    DateTimeOffset PublishedAt,
    long Interactions,
    long Reach,
    long FollowersAtPublish,
    double? RateByReach,
    double? RateByFollowers);

/// <summary>
/// The medians (<c>percentile_cont(0.5)</c>) of the rates of the posts published in a window, each
/// over the posts whose rate is defined, and how many posts were published.
/// </summary>
public sealed record EngagementRateMedians(double? ByReach, double? ByFollowers, long Posts);

/// <summary>An author's posts published in the window, newest first, with the author's and the platform's medians over that window.</summary>
public sealed record AuthorEngagementRates(
    long AuthorId,
    DateOnly FirstDay,
    DateOnly AsOf,
    IReadOnlyList<PostEngagementRate> Posts,
    EngagementRateMedians Author,
    EngagementRateMedians Platform);

/// <summary>One post's rates beside its author's and the platform's medians over the window.</summary>
public sealed record PostEngagementRateReport(
    PostEngagementRate Post,
    DateOnly FirstDay,
    DateOnly AsOf,
    EngagementRateMedians Author,
    EngagementRateMedians Platform);
