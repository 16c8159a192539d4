using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// One post's engagement per day, every day of the window present (zero where nothing happened),
/// with a 7-day moving average and the change from the day before (see <see cref="DailySeries"/>).
/// Reads the post's days by the primary key <c>(post_id, day)</c>.
/// </summary>
public sealed class PostDailyEngagementQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = DailySeries.Sql(
        rows: " and d.post_id = @post_id",
        output: " and exists (select 1 from posts p where p.id = @post_id)");

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(long postId, AnalyticsWindow window, EngagementWeights weights) =>
        dataSource.SingleStatement(Sql, parameters =>
        {
            parameters.AddInteger("post_id", postId);
            parameters.AddWindow(window);
            parameters.AddWeights(weights);
        });

    /// <returns>Null when there is no such post.</returns>
    public async Task<IReadOnlyList<DailyEngagement>?> ExecuteAsync(long postId, AnalyticsWindow window, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(postId, window, weights);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var days = await DailySeries.ReadAsync(reader, window.Days, cancellationToken);
        // A window has at least one day, so an existing post always has rows.
        return days.Count == 0 ? null : days;
    }
}
