using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// The platform's engagement per day, every day of the window present (zero where nothing
/// happened), with a 7-day moving average and the change from the day before (see <see cref="DailySeries"/>).
/// </summary>
public sealed class DailyEngagementQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = DailySeries.Sql();

    /// <summary>The query, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(AnalyticsWindow window, EngagementWeights weights) =>
        dataSource.SingleStatement(Sql, parameters =>
        {
            parameters.AddWindow(window);
            parameters.AddWeights(weights);
        });

    public async Task<IReadOnlyList<DailyEngagement>> ExecuteAsync(AnalyticsWindow window, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(window, weights);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await DailySeries.ReadAsync(reader, window.Days, cancellationToken);
    }
}
