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
        ), ranked as (
            select c.*, rank() over (order by c.followers desc) as rank
            from counts c
        )
        select r.user_id, u.handle, u.display_name, r.followers, r.rank
        from ranked r
        join users u on u.id = r.user_id
        order by r.rank, r.user_id
        limit @limit
        """;

    public async Task<IReadOnlyList<FollowedUser>> ExecuteAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddInteger("limit", limit);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<FollowedUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new FollowedUser(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return users;
    }
}
