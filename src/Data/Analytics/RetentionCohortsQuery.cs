using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// The retention triangle (<see cref="RetentionReport"/>) from <c>user_daily_activity</c>, in one
/// statement: the users active in the window, less those with any earlier row (one primary-key probe
/// per user, rather than every user's <c>min(day)</c> over the whole table), are the newcomers; their
/// first day picks the cohort, and each later active day the period.
/// </summary>
public sealed class RetentionCohortsQuery(NpgsqlDataSource dataSource)
{
    /// <summary>The Monday of the ISO week holding <paramref name="day"/>, by date arithmetic (no time zone involved).</summary>
    private static string WeekStart(string day) => $"({day} - (extract(isodow from {day})::int - 1))";

    internal static readonly string WeekSql = Sql(WeekStart, step: 7);

    internal static readonly string DaySql = Sql(day => day, step: 1);

    private static string Sql(Func<string, string> periodStart, int step) => $"""
        with window_activity as (
            select a.user_id, a.day
            from user_daily_activity a
            where a.day between @first_day and @as_of),
        newcomers as (
            select f.user_id, f.first_day
            from (select w.user_id, min(w.day) as first_day from window_activity w group by w.user_id) f
            where not exists (select 1 from user_daily_activity e where e.user_id = f.user_id and e.day < @first_day)),
        active as (
            select {periodStart("n.first_day")} as cohort,
                   ({periodStart("w.day")} - {periodStart("n.first_day")}) / {step} as period,
                   count(distinct n.user_id) as users
            from newcomers n
            join window_activity w on w.user_id = n.user_id
            group by 1, 2),
        -- Integer series with the count as a parameter, which PostgreSQL estimates exactly: a
        -- series of timestamps is guessed at 1,000 rows, and the guess (1,000 x 1,000) pushed the
        -- plan past the cost at which it JIT-compiles, which cost more than the query (measured).
        triangle as (
            select @first_day + c.n * {step} as cohort, p.period
            from generate_series(0, @periods - 1) as c(n)
            join generate_series(0, @periods - 1) as p(period) on c.n + p.period < @periods)
        select t.cohort, t.period, coalesce(a.users, 0)::bigint, coalesce(s.users, 0)::bigint
        from triangle t
        left join active a on a.cohort = t.cohort and a.period = t.period
        left join active s on s.cohort = t.cohort and s.period = 0
        order by t.cohort, t.period
        """;

    /// <summary>The first day of the oldest of the <paramref name="periods"/> periods ending with the one holding <paramref name="asOf"/>.</summary>
    public static DateOnly FirstDay(string grain, DateOnly asOf, int periods) => grain == RetentionGrain.Week
        ? asOf.AddDays(-(((int)asOf.DayOfWeek + 6) % 7) - 7 * (periods - 1))
        : asOf.AddDays(1 - periods);

    public NpgsqlBatch CreateBatch(string grain, DateOnly asOf, int periods) =>
        dataSource.SingleStatement(grain == RetentionGrain.Week ? WeekSql : DaySql, parameters =>
        {
            parameters.AddWindow(new AnalyticsWindow(asOf, asOf.DayNumber - FirstDay(grain, asOf, periods).DayNumber + 1));
            parameters.Add(new NpgsqlParameter<int>("periods", NpgsqlTypes.NpgsqlDbType.Integer) { TypedValue = periods });
        });

    public async Task<RetentionReport> ExecuteAsync(string grain, DateOnly asOf, int periods, CancellationToken cancellationToken)
    {
        var cohorts = new List<RetentionCohort>(periods);
        await using var batch = CreateBatch(grain, asOf, periods);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        List<RetentionPeriod>? cells = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var (cohort, period, active, size) = (reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3));
            if (period == 0)
            {
                cells = [];
                cohorts.Add(new RetentionCohort(cohort, size, cells));
            }
            cells!.Add(new RetentionPeriod(period, active, size == 0 ? 0 : (double)active / size));
        }
        return new RetentionReport(grain, asOf, cohorts);
    }
}
