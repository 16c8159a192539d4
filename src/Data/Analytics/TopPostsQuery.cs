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
            select d.post_id,
                   sum(d.views)::bigint as views, sum(d.likes)::bigint as likes, sum(d.comments)::bigint as comments, sum(d.shares)::bigint as shares,
                   sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            where d.day between @first_day and @as_of
            group by d.post_id
        ), ranked as (
            select e.*, p.author_id, p.content,
                   rank() over (order by e.engagement desc) as overall_rank,
                   rank() over (partition by p.author_id order by e.engagement desc) as author_rank
            from engagement e
            join posts p on p.id = e.post_id
        )
        select r.post_id, r.author_id, u.handle, left(r.content, 140),
               r.views, r.likes, r.comments, r.shares, r.engagement, r.overall_rank, r.author_rank
        from ranked r
        join users u on u.id = r.author_id
        order by r.overall_rank, r.post_id
        limit @limit
        """;

    public async Task<IReadOnlyList<TopPost>> ExecuteAsync(AnalyticsWindow window, int limit, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWindow(window);
        command.Parameters.AddWeights(weights);
        command.Parameters.AddInteger("limit", limit);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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
