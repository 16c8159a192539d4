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
        with authors as (
            select p.author_id,
                   count(distinct d.post_id) as posts,
                   sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            join posts p on p.id = d.post_id
            where d.day between @first_day and @as_of
            group by p.author_id
        ), ranked as (
            select a.*,
                   rank() over (order by a.engagement desc) as rank,
                   percent_rank() over (order by a.engagement) * 100 as percentile,
                   ntile(4) over (order by a.engagement desc) as quartile
            from authors a
        )
        select r.author_id, u.handle, u.display_name, r.posts, r.engagement, r.rank, r.percentile, r.quartile
        from ranked r
        join users u on u.id = r.author_id
        order by r.rank, r.author_id
        limit @limit
        """;

    public async Task<IReadOnlyList<AuthorStanding>> ExecuteAsync(AnalyticsWindow window, int limit, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWindow(window);
        command.Parameters.AddWeights(weights);
        command.Parameters.AddInteger("limit", limit);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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
