using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Posts by engagement over a window, ranked overall (<c>RANK</c>) and within their author's posts
/// (<c>RANK ... PARTITION BY author</c>). Ranks are those among every post with engagement in the
/// window, whatever the limit: the overall rank is read off the top rows (a post's rank counts only
/// posts above it, all of which are among the top), and the per-author rank is computed over every
/// windowed post of the authors shown. Counts and content are fetched for the rows shown only.
/// </summary>
public sealed class TopPostsQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = $"""
        with engagement as (
            {SqlParameters.WindowedPostEngagement}
        ), top as (
            select e.*, rank() over (order by e.engagement desc) as overall_rank
            from (select * from engagement order by engagement desc, post_id limit @limit) e
        ), author_ranks as (
            select e.post_id, rank() over (partition by e.author_id order by e.engagement desc) as author_rank
            from engagement e
            where e.author_id in (select author_id from top)
        )
        select top.post_id, top.author_id, u.handle, left(p.content, 140),
               totals.views, totals.likes, totals.comments, totals.shares,
               top.engagement, top.overall_rank, author_ranks.author_rank
        from top
        join author_ranks on author_ranks.post_id = top.post_id
        join posts p on p.id = top.post_id
        join users u on u.id = top.author_id
        cross join lateral (
            select sum(d.views)::bigint as views, sum(d.likes)::bigint as likes, sum(d.comments)::bigint as comments, sum(d.shares)::bigint as shares
            from post_daily_stats d
            where d.post_id = top.post_id and d.day between @first_day and @as_of
        ) totals
        order by top.overall_rank, top.post_id
        """;

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
