using Npgsql;

namespace Pulse.Data.Analytics;

/// <summary>
/// The users who follow a user now, by the (followee, follower) index: the audience an event-log
/// report narrows to, where the event log itself knows nothing of follows.
/// </summary>
public sealed class FollowerIdsQuery(NpgsqlDataSource dataSource)
{
    internal const string Sql = """
        select f.follower_id
        from users u
        left join follows f on f.followee_id = u.id
        where u.id = @user_id
        order by f.follower_id
        """;

    /// <returns>Null when there is no such user; empty when nobody follows them.</returns>
    public async Task<long[]?> ExecuteAsync(long userId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.SingleStatement(Sql, parameters => parameters.AddInteger("user_id", userId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var followers = new List<long>();
        var exists = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            exists = true;
            if (!reader.IsDBNull(0))
            {
                followers.Add(reader.GetInt64(0));
            }
        }
        return exists ? [.. followers] : null;
    }
}
