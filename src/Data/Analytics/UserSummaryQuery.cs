using Npgsql;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// One user's reach (followers, following, posts), the engagement their posts drew and their own
/// activity over a window, and their three most engaging posts of the window, ranked.
/// Two statements in one round trip.
/// </summary>
public sealed class UserSummaryQuery(NpgsqlDataSource dataSource)
{
    internal static readonly string SummarySql = $"""
        select u.id, u.handle, u.display_name,
               coalesce(c.followers, 0) as followers, coalesce(c.following, 0) as following,
               (select count(*) from posts p where p.author_id = u.id) as posts,
               coalesce(e.views, 0), coalesce(e.likes, 0), coalesce(e.comments, 0), coalesce(e.shares, 0), coalesce(e.engagement, 0),
               coalesce(a.active_days, 0), coalesce(a.events, 0), coalesce(a.sessions, 0)
        from users u
        left join user_follow_counts c on c.user_id = u.id
        left join lateral (
            select sum(d.views)::bigint as views, sum(d.likes)::bigint as likes, sum(d.comments)::bigint as comments, sum(d.shares)::bigint as shares,
                   sum({SqlParameters.Engagement("d")}) as engagement
            from post_daily_stats d
            where d.author_id = u.id and d.day between @first_day and @as_of
        ) e on true
        left join lateral (
            select count(*) as active_days, sum(x.events)::bigint as events, sum(x.sessions)::bigint as sessions
            from user_daily_activity x
            where x.user_id = u.id and x.day between @first_day and @as_of
        ) a on true
        where u.id = @user_id
        """;

    internal static readonly string TopPostsSql = $"""
        select ranked.post_id, left((select p.content from posts p where p.id = ranked.post_id), 140), ranked.engagement, ranked.rank
        from (
            select d.post_id, sum({SqlParameters.Engagement("d")}) as engagement,
                   rank() over (order by sum({SqlParameters.Engagement("d")}) desc) as rank
            from post_daily_stats d
            where d.author_id = @user_id and d.day between @first_day and @as_of
            group by d.post_id
        ) ranked
        where ranked.rank <= 3
        order by ranked.rank, ranked.post_id
        """;

    /// <summary>Both statements, ready to run (or to explain).</summary>
    public NpgsqlBatch CreateBatch(long userId, AnalyticsWindow window, EngagementWeights weights)
    {
        var batch = dataSource.CreateBatch();
        foreach (var sql in new[] { SummarySql, TopPostsSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddInteger("user_id", userId);
            command.Parameters.AddWindow(window);
            command.Parameters.AddWeights(weights);
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    /// <returns>Null when there is no such user.</returns>
    public async Task<UserEngagementSummary?> ExecuteAsync(long userId, AnalyticsWindow window, EngagementWeights weights, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(userId, window, weights);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var summary = new UserEngagementSummary(
            UserId: reader.GetInt64(0), Handle: reader.GetString(1), DisplayName: reader.GetString(2),
            Followers: reader.GetInt64(3), Following: reader.GetInt64(4), Posts: reader.GetInt64(5),
            Views: reader.GetInt64(6), Likes: reader.GetInt64(7), Comments: reader.GetInt64(8), Shares: reader.GetInt64(9),
            Engagement: reader.GetDouble(10), ActiveDays: reader.GetInt64(11), Events: reader.GetInt64(12), Sessions: reader.GetInt64(13),
            TopPosts: []);

        await reader.NextResultAsync(cancellationToken);
        var topPosts = new List<UserTopPost>(3);
        while (await reader.ReadAsync(cancellationToken))
        {
            topPosts.Add(new UserTopPost(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3)));
        }
        return summary with { TopPosts = topPosts };
    }
}
