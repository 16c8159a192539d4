using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>Users by follower count, ranked with ties sharing a rank.</summary>
public sealed class MostFollowedQuery(NpgsqlDataSource dataSource)
{
    internal const string Sql = """
        with counts as (
            select f.followee_id as user_id, count(*) as followers
            from follows f
            group by f.followee_id
        ), top as (
            select c.*, rank() over (order by c.followers desc) as rank
            from counts c
            order by rank, user_id
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
