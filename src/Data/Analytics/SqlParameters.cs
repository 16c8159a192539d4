using Npgsql;
using NpgsqlTypes;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

internal static class SqlParameters
{
    /// <summary>A batch of one statement, its parameters set by <paramref name="parameters"/>.</summary>
    public static NpgsqlBatch SingleStatement(this NpgsqlDataSource dataSource, string sql, Action<NpgsqlParameterCollection> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        parameters(command.Parameters);
        var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(command);
        return batch;
    }

    /// <summary>The weights as @w_view, @w_like, @w_comment, @w_share, so every query weighs alike.</summary>
    public static void AddWeights(this NpgsqlParameterCollection parameters, EngagementWeights weights)
    {
        parameters.Add(new NpgsqlParameter<double>("w_view", NpgsqlDbType.Double) { TypedValue = weights.View });
        parameters.Add(new NpgsqlParameter<double>("w_like", NpgsqlDbType.Double) { TypedValue = weights.Like });
        parameters.Add(new NpgsqlParameter<double>("w_comment", NpgsqlDbType.Double) { TypedValue = weights.Comment });
        parameters.Add(new NpgsqlParameter<double>("w_share", NpgsqlDbType.Double) { TypedValue = weights.Share });
    }

    /// <summary>The window as @first_day and @as_of (dates, both included).</summary>
    public static void AddWindow(this NpgsqlParameterCollection parameters, AnalyticsWindow window)
    {
        parameters.Add(new NpgsqlParameter<DateOnly>("first_day", NpgsqlDbType.Date) { TypedValue = window.FirstDay });
        parameters.Add(new NpgsqlParameter<DateOnly>("as_of", NpgsqlDbType.Date) { TypedValue = window.AsOf });
    }

    public static void AddInteger(this NpgsqlParameterCollection parameters, string name, long value) =>
        parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    /// <summary>A bigint[] parameter, for <c>= any(@name)</c>.</summary>
    public static void AddIntegers(this NpgsqlParameterCollection parameters, string name, long[] values) =>
        parameters.Add(new NpgsqlParameter<long[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = values });

    /// <summary>The SQL expression of a row's engagement, over columns views, likes, comments, shares of <paramref name="alias"/>.</summary>
    public static string Engagement(string alias) =>
        $"({alias}.views * @w_view + {alias}.likes * @w_like + {alias}.comments * @w_comment + {alias}.shares * @w_share)";

    /// <summary>
    /// The CTE body of every post's engagement over the window (@first_day to @as_of): columns
    /// post_id, author_id, engagement. Shared, so the top list and the chosen posts' standings rank
    /// the same numbers.
    /// </summary>
    public static readonly string WindowedPostEngagement = $"""
        select d.post_id, d.author_id, sum({Engagement("d")}) as engagement
                    from post_daily_stats d
                    where d.day between @first_day and @as_of
                    group by d.post_id, d.author_id
        """;
}
