using Npgsql;

namespace Pulse.Data.Analytics;

/// <summary>
/// The view → like → comment-or-share funnel from the daily aggregates, for when the event log
/// cannot answer: events per step over whole UTC days of <c>post_daily_stats</c> (one post by its
/// key, or every post by day), not ordered per user.
/// </summary>
public sealed class FunnelFallbackQuery(NpgsqlDataSource dataSource)
{
    private const string Totals = """
        select coalesce(sum(d.views), 0)::bigint, coalesce(sum(d.likes), 0)::bigint, coalesce(sum(d.comments + d.shares), 0)::bigint
        from post_daily_stats d
        where d.day between @first_day and @as_of
        """;

    internal const string PlatformSql = Totals;

    internal const string PostSql = Totals + " and d.post_id = @post_id";

    public NpgsqlBatch CreateBatch(long? postId, AnalyticsWindow window) =>
        dataSource.SingleStatement(postId is null ? PlatformSql : PostSql, parameters =>
        {
            if (postId is { } post)
            {
                parameters.AddInteger("post_id", post);
            }
            parameters.AddWindow(window);
        });

    /// <returns>Views, likes, and comments plus shares, in that order.</returns>
    public async Task<long[]> ExecuteAsync(long? postId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(postId, window);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return [reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)];
    }
}
