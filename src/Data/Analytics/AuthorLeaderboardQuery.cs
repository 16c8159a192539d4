using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Authors by the engagement their posts drew over a window, with their rank, percentile
/// (<c>PERCENT_RANK</c>: 100 for the top author, 0 for the last) and quartile (<c>NTILE(4)</c>: 1 is the top quarter).
/// </summary>
public sealed class AuthorLeaderboardQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = $"""
        with posts as (
            select d.author_id, sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            where d.day between @first_day and @as_of
            group by d.author_id, d.post_id
        ), authors as (
            select author_id, count(*) as posts, sum(engagement) as engagement
            from posts
            group by author_id
        ), ranked as (
            select a.*,
                   rank() over (order by a.engagement desc) as rank,
                   percent_rank() over (order by a.engagement) * 100 as percentile,
                   ntile(4) over (order by a.engagement desc) as quartile
            from authors a
        ), top as (
            select * from ranked order by rank, author_id limit @limit
        )
        select top.author_id, u.handle, u.display_name, top.posts, top.engagement, top.rank, top.percentile, top.quartile
        from top
        join users u on u.id = top.author_id
        order by top.rank, top.author_id
        """;

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(AnalyticsWindow window, int limit, EngagementWeights weights) =>
        dataSource.SingleStatement(Sql, parameters =>
        {
            parameters.AddWindow(window);
            parameters.AddWeights(weights);
            parameters.AddInteger("limit", limit);
        });

    public async Task<IReadOnlyList<AuthorStanding>> ExecuteAsync(AnalyticsWindow window, int limit, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(window, limit, weights);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var authors = new List<AuthorStanding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            authors.Add(new AuthorStanding(
                AuthorId: reader.GetInt64(0), Handle: reader.GetString(1), DisplayName: reader.GetString(2),
                Posts: reader.GetInt64(3), Engagement: reader.GetDouble(4), Rank: reader.GetInt64(5),
                Percentile: reader.GetDouble(6), Quartile: reader.GetInt32(7)));
        }
        return authors;
    }
}
