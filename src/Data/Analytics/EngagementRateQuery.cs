using Npgsql;
using NpgsqlTypes;
using Pulse.Contracts.Analytics;

namespace Pulse.Data.Analytics;

/// <summary>
/// Engagement rates: a post's interactions (likes + comments + shares, all time, from
/// <c>post_stats</c>) over its reach (<c>post_stats.reach</c>, its distinct viewers) and over its
/// author's followers when it was published (<c>posts.followers_at_publish</c>, set as the post is
/// made, so no query sums follower history per post). Medians are <c>percentile_cont(0.5)</c> over the posts
/// published in the window: the author's own, and the whole platform's.
/// </summary>
public sealed class EngagementRateQuery(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many of an author's posts are listed (the medians cover all of them).</summary>
    public const int MaxPosts = 100;

    private static string Rated(string where) => $"""
        select p.id, p.author_id, p.created_at, r.interactions, r.reach, p.followers_at_publish as followers,
               r.interactions::float8 / nullif(r.reach, 0) as by_reach,
               r.interactions::float8 / nullif(p.followers_at_publish, 0) as by_followers
        from posts p
        left join post_stats s on s.post_id = p.id
        cross join lateral (
            select coalesce(s.likes + s.comments + s.shares, 0) as interactions, coalesce(s.reach, 0) as reach) r
        where {where}
        """;

    private static string Sql(string subject, string rows) => $"""
        with subject as ({subject}),
        rated as (
            {Rated("p.created_at >= @from and p.created_at < @to")}),
        medians as (
            select percentile_cont(0.5) within group (order by by_reach) filter (where author_id = (select author_id from subject)) as author_by_reach,
                   percentile_cont(0.5) within group (order by by_followers) filter (where author_id = (select author_id from subject)) as author_by_followers,
                   count(*) filter (where author_id = (select author_id from subject)) as author_posts,
                   percentile_cont(0.5) within group (order by by_reach) as platform_by_reach,
                   percentile_cont(0.5) within group (order by by_followers) as platform_by_followers,
                   count(*) as platform_posts
            from rated)
        select m.author_by_reach, m.author_by_followers, m.author_posts, m.platform_by_reach, m.platform_by_followers, m.platform_posts,
               x.id, x.author_id, x.created_at, x.interactions, x.reach, x.followers, x.by_reach, x.by_followers
        from subject
        cross join medians m
        left join lateral ({rows}) x on true
        """;

    internal static readonly string AuthorSql = Sql(
        subject: "select id as author_id from users where id = @author_id",
        rows: $"select * from rated where author_id = @author_id order by created_at desc, id desc limit {MaxPosts}");

    internal static readonly string PostSql = Sql(
        subject: "select author_id from posts where id = @post_id",
        rows: Rated("p.id = @post_id"));

    public NpgsqlBatch CreateAuthorBatch(long authorId, AnalyticsWindow window) =>
        dataSource.SingleStatement(AuthorSql, parameters =>
        {
            parameters.AddInteger("author_id", authorId);
            AddWindowBounds(parameters, window);
        });

    public NpgsqlBatch CreatePostBatch(long postId, AnalyticsWindow window) =>
        dataSource.SingleStatement(PostSql, parameters =>
        {
            parameters.AddInteger("post_id", postId);
            AddWindowBounds(parameters, window);
        });

    /// <returns>Null when there is no such user.</returns>
    public async Task<AuthorEngagementRates?> ForAuthorAsync(long authorId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var batch = CreateAuthorBatch(authorId, window);
        var (medians, posts) = await ReadAsync(batch, cancellationToken);
        return medians is var (author, platform)
            ? new AuthorEngagementRates(authorId, window.FirstDay, window.AsOf, posts, author, platform)
            : null;
    }

    /// <returns>Null when there is no such post.</returns>
    public async Task<PostEngagementRateReport?> ForPostAsync(long postId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var batch = CreatePostBatch(postId, window);
        var (medians, posts) = await ReadAsync(batch, cancellationToken);
        return medians is var (author, platform) && posts.Count == 1
            ? new PostEngagementRateReport(posts[0], window.FirstDay, window.AsOf, author, platform)
            : null;
    }

    private static async Task<((EngagementRateMedians Author, EngagementRateMedians Platform)? Medians, List<PostEngagementRate> Posts)> ReadAsync(
        NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        (EngagementRateMedians, EngagementRateMedians)? medians = null;
        var posts = new List<PostEngagementRate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            medians ??= (
                new EngagementRateMedians(NullableDouble(reader, 0), NullableDouble(reader, 1), reader.GetInt64(2)),
                new EngagementRateMedians(NullableDouble(reader, 3), NullableDouble(reader, 4), reader.GetInt64(5)));
            if (!reader.IsDBNull(6))
            {
                posts.Add(new PostEngagementRate(
                    reader.GetInt64(6), reader.GetInt64(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11),
                    NullableDouble(reader, 12), NullableDouble(reader, 13)));
            }
        }
        return (medians, posts);
    }

    /// <summary>The window's days as the instants @from (inclusive) and @to (exclusive), for <c>posts.created_at</c>.</summary>
    private static void AddWindowBounds(NpgsqlParameterCollection parameters, AnalyticsWindow window)
    {
        parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = window.FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
        parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = window.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
