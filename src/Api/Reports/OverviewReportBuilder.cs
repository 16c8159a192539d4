using Microsoft.Extensions.Options;
using Pulse.Api.Analytics;
using Pulse.Api.EventAnalytics;
using Pulse.Api.Freshness;
using Pulse.Api.Realtime;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Reports;
using Pulse.Data.Analytics;

namespace Pulse.Api.Reports;

/// <summary>
/// Builds the overview report from all three stores at once, and serves it from the Redis cache
/// while it is fresh. PostgreSQL's platform-wide parts (size, daily series) need nothing from Redis
/// and start at once; meanwhile Redis gives the trending top 10 and the live activity; then the
/// trending posts' counters (Redis), standings (PostgreSQL) and event breakdown (MongoDB) are read
/// in parallel. The whole build costs the slowest of those paths, not their sum.
/// </summary>
public sealed class OverviewReportBuilder(
    TrendingBoard board,
    PostCounterReader counters,
    EventActivityReader activity,
    PostStandingsQuery standings,
    PlatformSizeQuery size,
    DailyEngagementQuery daily,
    EventBreakdownReader events,
    OverviewReportCache cache,
    AggregatesWatermark watermark,
    IOptions<EngagementOptions> engagement,
    TimeProvider time)
{
    public const int TrendingPosts = 10;

    /// <param name="fresh">Build it even when a cached report is fresh (and cache the new one).</param>
    public async Task<OverviewReport> GetAsync(int days, bool fresh, CancellationToken cancellationToken)
    {
        using var span = ReportTelemetry.ActivitySource.StartActivity(ReportTelemetry.OverviewSpan);
        span?.SetTag(ReportTelemetry.DaysTag, days);
        span?.SetTag(ReportTelemetry.FreshTag, fresh);

        var report = fresh ? null : await cache.GetAsync(days, cancellationToken);
        span?.SetTag(ReportTelemetry.CacheHitTag, report is not null);
        if (report is null)
        {
            report = await BuildAsync(days, cancellationToken);
            await cache.SetAsync(report, cancellationToken);
        }
        span?.SetTag(ReportTelemetry.EventsAvailableTag, report.Events.Available);
        span?.SetTag(ReportTelemetry.TrendingPostsTag, report.Trending.Count);
        return report;
    }

    public async Task<OverviewReport> BuildAsync(int days, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = new AnalyticsWindow(DateOnly.FromDateTime(now.UtcDateTime), days);
        var weights = engagement.Value.Weights;
        // Before PostgreSQL is queried: its parts hold at least every event accepted before the watermark.
        var freshness = await watermark.ReadAsync(cancellationToken);

        var platform = size.ExecuteAsync(cancellationToken);
        var series = daily.ExecuteAsync(window, weights, cancellationToken);
        var trending = TrendingAsync(window, weights, cancellationToken);
        await Task.WhenAll(platform, series, trending);

        var (live, posts, breakdown) = trending.Result;
        return new OverviewReport(days, now, live, posts, Totals(platform.Result, series.Result), series.Result, breakdown, freshness);
    }

    private async Task<(LiveActivity Live, IReadOnlyList<ReportPost> Posts, EventBreakdown Events)> TrendingAsync(
        AnalyticsWindow window, EngagementWeights weights, CancellationToken cancellationToken)
    {
        var top = board.TopAsync(TrendingWindow.Decay, TrendingPosts, cancellationToken);
        var live = activity.ReadLiveAsync(cancellationToken);
        await Task.WhenAll(top, live);

        long[] ids = [.. top.Result.Select(entry => entry.PostId)];
        var liveCounters = counters.ReadAsync(ids, cancellationToken);
        var postStandings = standings.ExecuteAsync(ids, window, weights, cancellationToken);
        var breakdown = events.ReadAsync(ids, EventWindow(window), cancellationToken);
        await Task.WhenAll(liveCounters, postStandings, breakdown);

        var posts = new ReportPost[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var (postId, score) = top.Result[i];
            var standing = postStandings.Result.GetValueOrDefault(postId);
            posts[i] = new ReportPost(i + 1, postId, score, liveCounters.Result[i],
                standing?.AuthorId, standing?.AuthorHandle, standing?.Excerpt,
                standing?.Engagement, standing?.Rank, standing?.RankWithinAuthor, standing?.DayOverDayGrowth);
        }
        return (live.Result, posts, breakdown.Result);
    }

    /// <summary>The window's whole UTC days as an event range, to the end of its last day.</summary>
    private static EventRange EventWindow(AnalyticsWindow window) => new(
        new DateTimeOffset(window.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        new DateTimeOffset(window.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>The platform's size, and its engagement over the window: the daily series summed, so the two always agree.</summary>
    private static PlatformTotals Totals(PlatformSize platform, IReadOnlyList<DailyEngagement> series) => new(
        platform.Users, platform.Posts, platform.Follows,
        series.Sum(day => day.Views), series.Sum(day => day.Likes), series.Sum(day => day.Comments), series.Sum(day => day.Shares),
        series.Sum(day => day.Engagement));
}
