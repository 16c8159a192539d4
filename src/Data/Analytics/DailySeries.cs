using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// The daily engagement series the platform's and one post's daily queries share: every day of
/// the window (zero where nothing happened), with a 7-day moving average and the change from the
/// day before. The six days before the window are read too, so the first days' averages and
/// changes are as true as the last's.
/// </summary>
internal static class DailySeries
{
    /// <param name="rows">More conditions on the <c>post_daily_stats d</c> rows summed, each starting with <c>and</c>.</param>
    /// <param name="output">More conditions on the days answered, each starting with <c>and</c>.</param>
    public static string Sql(string rows = "", string output = "") => $"""
        with days as (
            select day::date as day
            from generate_series(@first_day - 6, @as_of, interval '1 day') as day
        ), totals as (
            select d.day,
                   sum(d.views)::bigint as views, sum(d.likes)::bigint as likes, sum(d.comments)::bigint as comments, sum(d.shares)::bigint as shares,
                   sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            where d.day between @first_day - 6 and @as_of{rows}
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
        where day >= @first_day{output}
        order by day
        """;

    public static async Task<List<DailyEngagement>> ReadAsync(NpgsqlDataReader reader, int days, CancellationToken cancellationToken)
    {
        var series = new List<DailyEngagement>(days);
        while (await reader.ReadAsync(cancellationToken))
        {
            series.Add(new DailyEngagement(
                Day: reader.GetFieldValue<DateOnly>(0),
                Views: reader.GetInt64(1), Likes: reader.GetInt64(2), Comments: reader.GetInt64(3), Shares: reader.GetInt64(4),
                Engagement: reader.GetDouble(5), MovingAverage7Days: reader.GetDouble(6),
                ChangeFromPreviousDay: reader.IsDBNull(7) ? null : reader.GetDouble(7)));
        }
        return series;
    }
}
