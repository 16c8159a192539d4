using Pulse.Contracts.Realtime;

namespace Pulse.Ops.Backfill;

/// <summary>
/// The SQL of the aggregates backfill's PostgreSQL half: the staging tables its binary COPY fills,
/// and the statements that replace a day range from them in one transaction. The counts follow
/// <c>AggregatesRollup</c> (the Ingestor's live statement): a post's counts only while the post
/// exists, with its author copied from it; a user's activity only while the user exists, every
/// event counted in <c>events</c>, sessions counted by their start.
/// </summary>
internal static class ReplacementSql
{
    public const string PostEventsTable = "backfill_post_events";
    public const string UserEventsTable = "backfill_user_events";
    public const string EventIdsTable = "backfill_event_ids";

    /// <summary>Session-local tables, created empty (a connection reused by a second run starts over).</summary>
    public const string CreateStaging = $"""
        drop table if exists {PostEventsTable}, {UserEventsTable}, {EventIdsTable}, backfill_touched_posts;
        create temp table {PostEventsTable} (post_id bigint not null, day date not null, type text not null, events bigint not null);
        create temp table {UserEventsTable} (user_id bigint not null, day date not null, type text not null, events bigint not null);
        create temp table {EventIdsTable} (event_id uuid not null);
        create temp table backfill_touched_posts (post_id bigint not null);
        """;

    public const string CopyPostEvents = $"COPY {PostEventsTable} (post_id, day, type, events) FROM STDIN (FORMAT BINARY)";
    public const string CopyUserEvents = $"COPY {UserEventsTable} (user_id, day, type, events) FROM STDIN (FORMAT BINARY)";
    public const string CopyEventIds = $"COPY {EventIdsTable} (event_id) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Two backfills at once take turns (the second waits for the first to commit, then replaces
    /// again from what it staged) instead of failing on each other's rows. Released at commit or rollback.
    /// </summary>
    public const string TakeTurns = "select pg_advisory_xact_lock(hashtext('pulse-ops backfill aggregates'))";

    /// <summary>The posts whose totals the replacement changes: every post with a day in the range, before or after.</summary>
    public const string RememberTouchedPosts = """
        insert into backfill_touched_posts
        select post_id from post_daily_stats where day between @from and @to
        union
        select post_id from backfill_post_events
        """;

    public const string DeletePostDays = "delete from post_daily_stats where day between @from and @to";

    /// <summary>
    /// A day's likes are its likes less its unlikes, floored at zero: the live rollup floors each
    /// day's running sum in stream order, which this cannot see (see AggregatesBackfill).
    /// </summary>
    public const string InsertPostDays = $"""
        insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares)
        select e.post_id, e.day, p.author_id,
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostView}'), 0),
            greatest(0, coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostLike}'), 0)
                      - coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostUnlike}'), 0)),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostComment}'), 0),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostShare}'), 0)
        from {PostEventsTable} e
        join posts p on p.id = e.post_id
        where e.day between @from and @to
          and e.type in ('{EventTypes.PostView}', '{EventTypes.PostLike}', '{EventTypes.PostUnlike}', '{EventTypes.PostComment}', '{EventTypes.PostShare}')
        group by e.post_id, e.day, p.author_id
        order by e.post_id, e.day
        """;

    /// <summary>
    /// The touched posts' totals, from <c>post_daily_stats</c>: views, comments and shares are the
    /// sums of the days. Likes are floored once over the whole history rather than day by day, so
    /// an unlike on a later day than its like takes the like back: the rebuilt days give their
    /// likes less unlikes, the other days their stored likes.
    /// </summary>
    public const string UpsertPostTotals = $"""
        with touched as (
            select distinct post_id from backfill_touched_posts
        ),
        days as (
            select d.post_id, sum(d.views) as views, sum(d.comments) as comments, sum(d.shares) as shares,
                coalesce(sum(d.likes) filter (where d.day not between @from and @to), 0) as likes_outside
            from post_daily_stats d
            join touched t on t.post_id = d.post_id
            group by d.post_id
        ),
        net_likes as (
            select e.post_id,
                sum(case e.type when '{EventTypes.PostLike}' then e.events when '{EventTypes.PostUnlike}' then -e.events else 0 end) as likes
            from {PostEventsTable} e
            where e.day between @from and @to
            group by e.post_id
        )
        insert into post_stats as s (post_id, views, likes, comments, shares)
        select days.post_id, days.views, greatest(0, days.likes_outside + coalesce(n.likes, 0)), days.comments, days.shares
        from days
        left join net_likes n on n.post_id = days.post_id
        order by days.post_id
        on conflict (post_id) do update set
            views = excluded.views,
            likes = excluded.likes,
            comments = excluded.comments,
            shares = excluded.shares,
            updated_at = now()
        """;

    /// <summary>A touched post with no day left has no events any more: it has no totals either, as if never counted.</summary>
    public const string DeleteEmptiedPostTotals = """
        delete from post_stats s
        where s.post_id in (select post_id from backfill_touched_posts)
          and not exists (select 1 from post_daily_stats d where d.post_id = s.post_id)
        """;

    public const string DeleteUserDays = "delete from user_daily_activity where day between @from and @to";

    public const string InsertUserDays = $"""
        insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions)
        select e.user_id, e.day,
            sum(e.events),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostView}'), 0),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostLike}'), 0),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostComment}'), 0),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostShare}'), 0),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.UserFollow}'), 0),
            coalesce(sum(e.events) filter (where e.type = '{EventTypes.SessionStart}'), 0)
        from {UserEventsTable} e
        join users u on u.id = e.user_id
        where e.day between @from and @to
        group by e.user_id, e.day
        order by e.user_id, e.day
        """;

    /// <summary>The counted events the aggregates group may still be given: it skips them, as if it had applied them.</summary>
    public const string RecordEventIds = $"""
        insert into ingested_events (event_id)
        select event_id from {EventIdsTable}
        order by event_id
        on conflict (event_id) do nothing
        """;
}
