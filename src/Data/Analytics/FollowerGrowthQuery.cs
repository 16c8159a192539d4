using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Followers gained and lost per day, their net change and the running total
/// (<c>sum() over (order by day)</c> on top of everything before the window), every day of the
/// window present, for one user or the whole platform. Reads <c>user_follower_days</c>, which the
/// triggers on <c>follows</c> keep exact: one user's days by the primary key, the platform's by day.
/// </summary>
public sealed class FollowerGrowthQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string UserSql = Sql(only: " and f.user_id = @user_id", output: " where exists (select 1 from users u where u.id = @user_id)");

    internal static readonly string PlatformSql = Sql(only: "", output: "");

    private static string Sql(string only, string output) => $"""
        with changes as (
            select f.day, sum(f.gained) as gained, sum(f.lost) as lost
            from user_follower_days f
            where f.day between @first_day and @as_of{only}
            group by f.day),
        before as (
            select coalesce(sum(f.gained - f.lost), 0) as total
            from user_follower_days f
            where f.day < @first_day{only})
        select d.day::date,
               coalesce(c.gained, 0)::bigint,
               coalesce(c.lost, 0)::bigint,
               (coalesce(c.gained, 0) - coalesce(c.lost, 0))::bigint,
               (b.total + sum(coalesce(c.gained, 0) - coalesce(c.lost, 0)) over (order by d.day))::bigint
        from generate_series(@first_day::timestamp, @as_of::timestamp, interval '1 day') as d(day)
        cross join before b
        left join changes c on c.day = d.day::date{output}
        order by d.day
        """;

    /// <summary>The query for one user (or the platform when <paramref name="userId"/> is null), ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(long? userId, AnalyticsWindow window) =>
        dataSource.SingleStatement(userId is null ? PlatformSql : UserSql, parameters =>
        {
            if (userId is { } user)
            {
                parameters.AddInteger("user_id", user);
            }
            parameters.AddWindow(window);
        });

    /// <returns>Null when there is no such user.</returns>
    public async Task<IReadOnlyList<FollowerGrowthDay>?> ExecuteAsync(long? userId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(userId, window);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var days = new List<FollowerGrowthDay>(window.Days);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new FollowerGrowthDay(
                reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        // A window has at least one day, so an existing user always has rows.
        return days.Count == 0 ? null : days;
    }
}
