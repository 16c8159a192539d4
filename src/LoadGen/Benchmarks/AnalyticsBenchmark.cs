using System.Diagnostics;
using Npgsql;
using Pulse.Contracts.Analytics;
using Pulse.Data.Analytics;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>One analytics query as the Api runs it, repeatedly, and its plan once more under EXPLAIN.</summary>
public sealed record AnalyticsCase(string Name, string Endpoint, Func<NpgsqlBatch> CreateBatch);

public sealed record AnalyticsResult(AnalyticsCase Case, LatencySample Latency, QueryPlan Plan, int Rows);

public sealed class AnalyticsBenchmark(NpgsqlDataSource dataSource)
{
    /// <summary>The analytics endpoints, and the overview report's PostgreSQL parts, with the parameters their dashboards use.</summary>
    /// <param name="postIds">Posts standing in for the trending ten (the busiest ones); the first is the one post of the per-post series.</param>
    public IReadOnlyList<AnalyticsCase> Cases(DateOnly asOf, long userId, long[] postIds)
    {
        var weights = EngagementWeights.Default;
        return
        [
            new("top posts, 7 days", "/api/analytics/posts/top?days=7&limit=10", () => new TopPostsQuery(dataSource).CreateBatch(new(asOf, 7), 10, weights)),
            new("top posts, 30 days", "/api/analytics/posts/top?days=30&limit=10", () => new TopPostsQuery(dataSource).CreateBatch(new(asOf, 30), 10, weights)),
            new("daily series, 30 days", "/api/analytics/daily?days=30", () => new DailyEngagementQuery(dataSource).CreateBatch(new(asOf, 30), weights)),
            new("author leaderboard, 30 days", "/api/analytics/authors/leaderboard?days=30&limit=20", () => new AuthorLeaderboardQuery(dataSource).CreateBatch(new(asOf, 30), 20, weights)),
            new("most followed", "/api/analytics/users/most-followed?limit=20", () => new MostFollowedQuery(dataSource).CreateBatch(20)),
            new("user summary, 30 days", $"/api/analytics/users/{userId}?days=30", () => new UserSummaryQuery(dataSource).CreateBatch(userId, new(asOf, 30), weights)),
            new("one post's daily series, 30 days", $"/api/analytics/posts/{postIds[0]}/daily?days=30", () => new PostDailyEngagementQuery(dataSource).CreateBatch(postIds[0], new(asOf, 30), weights)),
            new("audience heatmap, 28 days, Berlin", "/api/analytics/audience-heatmap?days=28&tz=Europe/Berlin", () => new AudienceHeatmapQuery(dataSource).CreateBatch(null, new(asOf, 28), "Europe/Berlin")),
            new("followers' heatmap, 28 days, Berlin", $"/api/analytics/users/{userId}/audience-heatmap?days=28&tz=Europe/Berlin", () => new AudienceHeatmapQuery(dataSource).CreateBatch(userId, new(asOf, 28), "Europe/Berlin")),
            new("retention, 8 weeks", "/api/analytics/retention?grain=week&periods=8", () => new RetentionCohortsQuery(dataSource).CreateBatch(RetentionGrain.Week, asOf, 8)),
            new("retention, 14 days", "/api/analytics/retention?grain=day&periods=14", () => new RetentionCohortsQuery(dataSource).CreateBatch(RetentionGrain.Day, asOf, 14)),
            new("report: 10 posts' standings, 7 days", "/api/reports/overview?days=7 (trending posts' part)", () => new PostStandingsQuery(dataSource).CreateBatch(postIds, new(asOf, 7), weights)),
            new("report: platform size", "/api/reports/overview (totals' part)", () => new PlatformSizeQuery(dataSource).CreateBatch()),
            new("follower growth, one user, 30 days", $"/api/analytics/users/{userId}/follower-growth?days=30", () => new FollowerGrowthQuery(dataSource).CreateBatch(userId, new(asOf, 30))),
            new("follower growth, platform, 30 days", "/api/analytics/follower-growth?days=30", () => new FollowerGrowthQuery(dataSource).CreateBatch(null, new(asOf, 30))),
            new("engagement rates, one author, 30 days", $"/api/analytics/users/{userId}/engagement-rates?days=30", () => new EngagementRateQuery(dataSource).CreateAuthorBatch(userId, new(asOf, 30))),
            new("funnel from the aggregates, platform, 30 days", "/api/analytics/events/funnel (whole days, without MongoDB)", () => new FunnelFallbackQuery(dataSource).CreateBatch(null, new(asOf, 30))),
            new("funnel from the aggregates, one post, 30 days", $"/api/analytics/events/funnel?postId={postIds[0]} (whole days, without MongoDB)", () => new FunnelFallbackQuery(dataSource).CreateBatch(postIds[0], new(asOf, 30))),
            new("engagement rate, one post, 30 days", $"/api/analytics/posts/{postIds[0]}/engagement-rate?days=30", () => new EngagementRateQuery(dataSource).CreatePostBatch(postIds[0], new(asOf, 30))),
        ];
    }

    public static async Task<AnalyticsResult> RunAsync(AnalyticsCase benchmark, int warmups, int runs, CancellationToken cancellationToken)
    {
        var rows = 0;
        for (var i = 0; i < warmups; i++)
        {
            rows = await ExecuteAsync(benchmark, cancellationToken);
        }

        var latencies = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await ExecuteAsync(benchmark, cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        await using var explained = benchmark.CreateBatch();
        var plan = await QueryPlan.ExplainAsync(explained, cancellationToken);
        return new AnalyticsResult(benchmark, new LatencySample(latencies), plan, rows);
    }

    /// <returns>Rows read, across the batch's statements: the whole result crosses the wire, as for the Api.</returns>
    private static async Task<int> ExecuteAsync(AnalyticsCase benchmark, CancellationToken cancellationToken)
    {
        await using var batch = benchmark.CreateBatch();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return rows;
    }
}
