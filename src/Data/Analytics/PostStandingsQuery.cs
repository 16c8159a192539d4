using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Where some posts stand over a window (null engagement and ranks: no engagement in it).
/// <paramref name="DayOverDayGrowth"/> is the last day's engagement against the day before's, as a
/// fraction; null when the day before had none.
/// </summary>
public sealed record PostStanding(
    long PostId,
    long AuthorId,
    string AuthorHandle,
    string Excerpt,
    double? Engagement,
    long? Rank,
    long? RankWithinAuthor,
    double? DayOverDayGrowth);

/// <summary>
/// Chosen posts (e.g. the trending ones) with their author, their engagement over a window, their
/// rank among every post with engagement in it (<c>RANK() OVER</c>) and among their author's posts
/// (<c>RANK() OVER (PARTITION BY author)</c>), and their growth from the day before the window's
/// last day to that day. One statement; the per-author ranks are computed for the chosen posts'
/// authors only, the growth from the chosen posts' two days only.
/// </summary>
public sealed class PostStandingsQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = $"""
        with engagement as (
            {SqlParameters.WindowedPostEngagement}
        ), overall as (
            select e.post_id, e.engagement, rank() over (order by e.engagement desc) as overall_rank
            from engagement e
        ), within_author as (
            select e.post_id, rank() over (partition by e.author_id order by e.engagement desc) as author_rank
            from engagement e
            where e.author_id in (select p.author_id from posts p where p.id = any(@post_ids))
        )
        select p.id, p.author_id, u.handle, left(p.content, 140),
               o.engagement, o.overall_rank, a.author_rank,
               (growth.last_day - growth.day_before) / nullif(growth.day_before, 0) as growth
        from posts p
        join users u on u.id = p.author_id
        left join overall o on o.post_id = p.id
        left join within_author a on a.post_id = p.id
        cross join lateral (
            select coalesce(sum({SqlParameters.Engagement("d")}) filter (where d.day = @as_of), 0) as last_day,
                   sum({SqlParameters.Engagement("d")}) filter (where d.day = @as_of - 1) as day_before
            from post_daily_stats d
            where d.post_id = p.id and d.day between @as_of - 1 and @as_of
        ) growth
        where p.id = any(@post_ids)
        """;

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(IReadOnlyCollection<long> postIds, AnalyticsWindow window, EngagementWeights weights) =>
        dataSource.SingleStatement(Sql, parameters =>
        {
            parameters.AddIntegers("post_ids", [.. postIds]);
            parameters.AddWindow(window);
            parameters.AddWeights(weights);
        });

    /// <returns>The posts that exist, by id.</returns>
    public async Task<IReadOnlyDictionary<long, PostStanding>> ExecuteAsync(
        IReadOnlyCollection<long> postIds, AnalyticsWindow window, EngagementWeights weights, CancellationToken cancellationToken)
    {
        var standings = new Dictionary<long, PostStanding>(postIds.Count);
        if (postIds.Count == 0)
        {
            return standings;
        }
        await using var batch = CreateBatch(postIds, window, weights);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var standing = new PostStanding(
                PostId: reader.GetInt64(0), AuthorId: reader.GetInt64(1), AuthorHandle: reader.GetString(2), Excerpt: reader.GetString(3),
                Engagement: reader.IsDBNull(4) ? null : reader.GetDouble(4),
                Rank: reader.IsDBNull(5) ? null : reader.GetInt64(5),
                RankWithinAuthor: reader.IsDBNull(6) ? null : reader.GetInt64(6),
                DayOverDayGrowth: reader.IsDBNull(7) ? null : reader.GetDouble(7));
            standings[standing.PostId] = standing;
        }
        return standings;
    }
}
