using Npgsql;
using NpgsqlTypes;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Events and active user-hours per local weekday and hour (<see cref="AudienceHeatmap"/>) from
/// <c>user_hourly_activity</c>: the platform's by the index on hour, an author's followers' by the
/// primary key, one range per follower (followers found by the (followee, follower) index).
/// </summary>
/// <remarks>
/// The conversion to local time is PostgreSQL's <c>hour at time zone @tz</c>, which applies the
/// offset in force at each UTC hour, so each side of a daylight-saving change is right. A user-hour
/// is one row of the table, so counting rows counts distinct users per UTC hour. Rows are totalled
/// per UTC hour first, so only the window's hours (672 for 28 days), not its rows, are converted.
/// </remarks>
public sealed class AudienceHeatmapQuery(NpgsqlDataSource dataSource)
{
    /// <summary>PostgreSQL's code for a time zone it does not know (invalid_parameter_value).</summary>
    private const string UnknownTimeZoneState = PostgresErrorCodes.InvalidParameterValue;

    internal static readonly string AuthorSql = Sql(
        source: """
            follows f
                join user_hourly_activity a on a.user_id = f.follower_id and a.hour >= @from and a.hour < @to
                where f.followee_id = @author_id
            """,
        output: " where exists (select 1 from users u where u.id = @author_id)");

    internal static readonly string PlatformSql = Sql(
        source: "user_hourly_activity a where a.hour >= @from and a.hour < @to",
        output: "");

    private static string Sql(string source, string output) => $"""
        with utc_hours as (
            select a.hour, sum(a.events) as events, count(*) as user_hours
            from {source}
            group by a.hour),
        local_hours as (
            select h.hour at time zone @tz as local, h.events, h.user_hours
            from utc_hours h),
        cells as (
            select extract(isodow from l.local)::int as weekday, extract(hour from l.local)::int as hour,
                   sum(l.events) as events, sum(l.user_hours) as user_hours
            from local_hours l
            group by 1, 2)
        select w.weekday, h.hour, coalesce(c.events, 0)::bigint, coalesce(c.user_hours, 0)::bigint
        from generate_series(1, 7) as w(weekday)
        cross join generate_series(0, 23) as h(hour)
        left join cells c on c.weekday = w.weekday and c.hour = h.hour{output}
        order by w.weekday, h.hour
        """;

    /// <summary>The query for one author's followers (or the platform when <paramref name="authorId"/> is null), ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(long? authorId, AnalyticsWindow window, string timeZone) =>
        dataSource.SingleStatement(authorId is null ? PlatformSql : AuthorSql, parameters =>
        {
            if (authorId is { } author)
            {
                parameters.AddInteger("author_id", author);
            }
            parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = window.StartUtc() });
            parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = window.EndUtc() });
            parameters.Add(new NpgsqlParameter<string>("tz", NpgsqlDbType.Text) { TypedValue = timeZone });
        });

    /// <returns>Null when there is no such author.</returns>
    /// <exception cref="UnknownTimeZoneException">PostgreSQL does not know <paramref name="timeZone"/>.</exception>
    public async Task<AudienceHeatmap?> ExecuteAsync(long? authorId, AnalyticsWindow window, string timeZone, CancellationToken cancellationToken)
    {
        var cells = new List<HeatmapCell>(HeatmapCell.Weekdays * HeatmapCell.HoursPerDay);
        try
        {
            await using var batch = CreateBatch(authorId, window, timeZone);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cells.Add(new HeatmapCell(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        catch (PostgresException exception) when (exception.SqlState == UnknownTimeZoneState)
        {
            throw new UnknownTimeZoneException(timeZone, exception);
        }
        // The grid always has rows, so none means the author does not exist.
        return cells.Count == 0 ? null : new AudienceHeatmap(authorId, window.FirstDay, window.AsOf, timeZone, cells, HeatmapCell.Busiest(cells));
    }
}
