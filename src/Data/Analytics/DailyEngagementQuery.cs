using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// The platform's engagement per day, every day of the window present (zero where nothing
/// happened), with a 7-day moving average and the change from the day before. The six days before
/// the window are read too, so the first days' averages and changes are as true as the last's.
/// </summary>
public sealed class DailyEngagementQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string Sql = $"""
        with days as (
            select day::date as day
            from generate_series(@first_day - 6, @as_of, interval '1 day') as day
        ), totals as (
            select d.day,
                   sum(d.views)::bigint as views, sum(d.likes)::bigint as likes, sum(d.comments)::bigint as comments, sum(d.shares)::bigint as shares,
                   sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            where d.day between @first_day - 6 and @as_of
            group by d.day
        ), series as (
            select days.day,
                   coalesce(t.views, 0) as views, coalesce(t.likes, 0) as likes,
                   coalesce(t.comments, 0) as comments, coalesce(t.shares, 0) as shares,
                   coalesce(t.engagement, 0) as engagement,
                   avg(coalesce(t.engagement, 0)) over seven_days as moving_average,
                   coalesce(t.engagement, 0) - lag(coalesce(t.engagement, 0)) over by_day as change
            from days
            left join totals t on t.day = days.day
            window by_day as (order by days.day),
                   seven_days as (order by days.day rows between 6 preceding and current row)
        )
        select day, views, likes, comments, shares, engagement, moving_average, change
        from series
        where day >= @first_day
        order by day
        """;

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
        var days = new List<DailyEngagement>(window.Days);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new DailyEngagement(
                Day: reader.GetFieldValue<DateOnly>(0),
                Views: reader.GetInt64(1), Likes: reader.GetInt64(2), Comments: reader.GetInt64(3), Shares: reader.GetInt64(4),
                Engagement: reader.GetDouble(5), MovingAverage7Days: reader.GetDouble(6),
                ChangeFromPreviousDay: reader.IsDBNull(7) ? null : reader.GetDouble(7)));
        }
        return days;
    }
}
