using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Users by follower count, ranked with ties sharing a rank. Reads the maintained counts down their
/// index and stops after the page, however many follows there are.
/// </summary>
public sealed class MostFollowedQuery(NpgsqlDataSource dataSource)
{
    internal const string Sql = """
        with top as (
            select c.user_id, c.followers, rank() over (order by c.followers desc) as rank
            from user_follow_counts c
            where c.followers > 0
            order by c.followers desc, c.user_id
            limit @limit
        )
        select top.user_id, u.handle, u.display_name, top.followers, top.rank
        from top
        join users u on u.id = top.user_id
        order by top.rank, top.user_id
        """;

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(int limit) =>
        dataSource.SingleStatement(Sql, parameters => parameters.AddInteger("limit", limit));

    public async Task<IReadOnlyList<FollowedUser>> ExecuteAsync(int limit, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(limit);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var users = new List<FollowedUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new FollowedUser(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return users;
    }
}
