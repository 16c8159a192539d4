using Npgsql;

namespace Pulse.Data.Analytics;

/// <summary>How big the platform is now.</summary>
public sealed record PlatformSize(long Users, long Posts, long Follows);

/// <summary>
/// Users, posts and follows, in one statement. Follows are the sum of <c>user_follow_counts.followers</c>
/// (kept exact by triggers): one row per user instead of one per follow.
/// </summary>
public sealed class PlatformSizeQuery(NpgsqlDataSource dataSource)
{
    internal const string Sql = """
        select (select count(*) from users),
               (select count(*) from posts),
               (select coalesce(sum(followers), 0)::bigint from user_follow_counts)
        """;

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch() => dataSource.SingleStatement(Sql, _ => { });

    public async Task<PlatformSize> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PlatformSize(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
