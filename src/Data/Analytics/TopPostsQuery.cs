using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Posts by engagement over a window, ranked overall and within their author's posts. Ranks are
/// computed over every post with engagement in the window, before the limit is applied, so a
/// post's rank within its author does not depend on how many rows are asked for.
/// </summary>
public sealed class TopPostsQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = $"""
        with engagement as (
            select d.post_id, d.author_id,
                   sum(d.views)::bigint as views, sum(d.likes)::bigint as likes, sum(d.comments)::bigint as comments, sum(d.shares)::bigint as shares,
                   sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            where d.day between @first_day and @as_of
            group by d.post_id, d.author_id
        ), ranked as (
            select e.*,
                   rank() over (order by e.engagement desc) as overall_rank,
                   rank() over (partition by e.author_id order by e.engagement desc) as author_rank
            from engagement e
        ), top as (
            select * from ranked order by overall_rank, post_id limit @limit
        )
        -- Content and handles are fetched for the few rows shown, not for every ranked post.
        select top.post_id, top.author_id, u.handle, left(p.content, 140),
               top.views, top.likes, top.comments, top.shares, top.engagement, top.overall_rank, top.author_rank
        from top
        join posts p on p.id = top.post_id
        join users u on u.id = top.author_id
        order by top.overall_rank, top.post_id
        """;

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(AnalyticsWindow window, int limit, EngagementWeights weights) =>
        dataSource.SingleStatement(Sql, parameters =>
        {
            parameters.AddWindow(window);
            parameters.AddWeights(weights);
            parameters.AddInteger("limit", limit);
        });

    public async Task<IReadOnlyList<TopPost>> ExecuteAsync(AnalyticsWindow window, int limit, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(window, limit, weights);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var posts = new List<TopPost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(new TopPost(
                PostId: reader.GetInt64(0), AuthorId: reader.GetInt64(1), AuthorHandle: reader.GetString(2), Excerpt: reader.GetString(3),
                Views: reader.GetInt64(4), Likes: reader.GetInt64(5), Comments: reader.GetInt64(6), Shares: reader.GetInt64(7),
                Engagement: reader.GetDouble(8), Rank: reader.GetInt64(9), RankWithinAuthor: reader.GetInt64(10)));
        }
        return posts;
    }
}
