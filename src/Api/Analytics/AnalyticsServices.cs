using Microsoft.Extensions.Options;
using Pulse.Contracts.Analytics;
using Pulse.Data.Analytics;

namespace Pulse.Api.Analytics;

/// <summary>What the analytics endpoints need, injected together ([AsParameters]).</summary>
public sealed record AnalyticsServices(
    TopPostsQuery TopPosts,
    DailyEngagementQuery Daily,
    PostDailyEngagementQuery PostDaily,
    AuthorLeaderboardQuery Leaderboard,
    MostFollowedQuery MostFollowed,
    UserSummaryQuery UserSummary,
    FollowerGrowthQuery FollowerGrowth,
    EngagementRateQuery EngagementRates,
    AudienceHeatmapQuery Heatmap,
    RetentionCohortsQuery Retention,
    IOptions<EngagementOptions> Engagement,
    TimeProvider Time)
{
    public EngagementWeights Weights => Engagement.Value.Weights;

    /// <summary>The window ending on <paramref name="asOf"/>, or today (UTC) when none is given.</summary>
    public AnalyticsWindow Window(int days, DateOnly? asOf) => new(AsOf(asOf), days);

    /// <summary><paramref name="asOf"/>, or today (UTC) when none is given.</summary>
    public DateOnly AsOf(DateOnly? asOf) => asOf ?? DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
}
