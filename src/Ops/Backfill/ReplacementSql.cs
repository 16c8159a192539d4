using Pulse.Contracts.Realtime;

namespace Pulse.Ops.Backfill;

/// <summary>
/// The SQL of the aggregates backfill's PostgreSQL half: the staging tables its binary COPY fills,
/// and the statements that replace a day range from them in one transaction. The counts follow
/// <c>AggregatesRollup</c> (the Ingestor's live statement): a post's counts only while the post
/// exists, with its author copied from it; a user's activity only while the user exists, every
/// event counted in <c>events</c>, sessions counted by their start; likes and unlikes only where
/// they change who likes the post, follows only where <c>follows</c> holds them.
/// </summary>
internal static class ReplacementSql
{
    public const string PostEventsTable = "backfill_post_events";
    public const string UserEventsTable = "backfill_user_events";
    public const string UserHoursTable = "backfill_user_hours";
    public const string EventIdsTable = "backfill_event_ids";
    public const string LikeChangesTable = "backfill_like_changes";
    public const string EffectiveLikesTable = "backfill_effective_likes";
    public const string FollowsTable = "backfill_follows";
    public const string CountedFollowsTable = "backfill_counted_follows";

    /// <summary>Session-local tables, created empty (a connection reused by a second run starts over).</summary>
    public const string CreateStaging = $"""
        drop table if exists {PostEventsTable}, {UserEventsTable}, {UserHoursTable}, {EventIdsTable}, {LikeChangesTable}, {EffectiveLikesTable}, {FollowsTable}, {CountedFollowsTable}, backfill_touched_posts;
        create temp table {PostEventsTable} (post_id bigint not null, day date not null, type text not null, events bigint not null);
        create temp table {UserEventsTable} (user_id bigint not null, day date not null, type text not null, events bigint not null);
        create temp table {UserHoursTable} (user_id bigint not null, hour timestamptz not null, events bigint not null);
        create temp table {EventIdsTable} (event_id uuid not null);
        create temp table {LikeChangesTable} (
            post_id bigint not null, user_id bigint not null, day date not null, type text not null,
            first boolean not null, events bigint not null, last_at timestamptz not null);
        create temp table {EffectiveLikesTable} (post_id bigint not null, user_id bigint not null, day date not null, type text not null, events bigint not null);
        create temp table {FollowsTable} (user_id bigint not null, target_user_id bigint not null, day date not null, events bigint not null, last_at timestamptz not null);
        create temp table {CountedFollowsTable} (user_id bigint not null, target_user_id bigint not null, day date not null);
        create temp table backfill_touched_posts (post_id bigint not null);
        """;

    public const string CopyPostEvents = $"COPY {PostEventsTable} (post_id, day, type, events) FROM STDIN (FORMAT BINARY)";
    public const string CopyUserEvents = $"COPY {UserEventsTable} (user_id, day, type, events) FROM STDIN (FORMAT BINARY)";
    public const string CopyUserHours = $"COPY {UserHoursTable} (user_id, hour, events) FROM STDIN (FORMAT BINARY)";
    public const string CopyEventIds = $"COPY {EventIdsTable} (event_id) FROM STDIN (FORMAT BINARY)";
    public const string CopyLikeChanges = $"COPY {LikeChangesTable} (post_id, user_id, day, type, first, events, last_at) FROM STDIN (FORMAT BINARY)";
    public const string CopyFollows = $"COPY {FollowsTable} (user_id, target_user_id, day, events, last_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Two backfills at once take turns (the second waits for the first to commit, then replaces
    /// again from what it staged) instead of failing on each other's rows. Released at commit or rollback.
    /// </summary>
    public const string TakeTurns = "select pg_advisory_xact_lock(hashtext('pulse-ops backfill aggregates'))";

    /// <summary>
    /// The range's likes and unlikes that changed who likes a post. Those of a post or a user
    /// deleted since count as they did when applied (the post's rows went with it). A user's first
    /// like or unlike the log holds changed something unless <c>post_likes</c> already held that
    /// state before the range (the log lost what came before).
    /// </summary>
    public const string FindEffectiveLikes = $"""
        insert into {EffectiveLikesTable} (post_id, user_id, day, type, events)
        select c.post_id, c.user_id, c.day, c.type, c.events
        from {LikeChangesTable} c
        where c.day between @from and @to
          and (not c.first
               or (c.type = '{EventTypes.PostLike}') <> exists (
                   select 1 from post_likes l
                   where l.post_id = c.post_id and l.user_id = c.user_id and l.liked_at < (@from::timestamp at time zone 'UTC')))
        """;

    /// <summary>
    /// Who likes what now, for every user whose likes of a post changed from the range on: their
    /// last change in the log says it (on posts and by users that still exist).
    /// </summary>
    public const string SyncPostLikes = $"""
        with last_change as (
            select distinct on (post_id, user_id) post_id, user_id, type, last_at
            from {LikeChangesTable}
            order by post_id, user_id, last_at desc, type desc
        ),
        unliked as (
            delete from post_likes l
            using last_change c
            where c.type = '{EventTypes.PostUnlike}' and l.post_id = c.post_id and l.user_id = c.user_id
        )
        insert into post_likes (post_id, user_id, liked_at)
        select c.post_id, c.user_id, c.last_at
        from last_change c
        join posts p on p.id = c.post_id
        join users u on u.id = c.user_id
        where c.type = '{EventTypes.PostLike}'
        order by c.post_id, c.user_id
        on conflict (post_id, user_id) do nothing
        """;

    /// <summary>The posts whose totals the replacement changes: every post with a day in the range, before or after.</summary>
    public const string RememberTouchedPosts = """
        insert into backfill_touched_posts
        select post_id from post_daily_stats where day between @from and @to
        union
        select post_id from backfill_post_events
        """;

    public const string DeletePostDays = "delete from post_daily_stats where day between @from and @to";

    /// <summary>
    /// A day exists for a post with any event on it that day (as live); its likes are the likes
    /// less the unlikes that changed something, floored at zero: the live rollup floors each day's
    /// running sum in stream order, which this cannot see (see AggregatesBackfill).
    /// </summary>
    public const string InsertPostDays = $"""
        with days as (
            select e.post_id, e.day,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostView}'), 0) as views,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostComment}'), 0) as comments,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostShare}'), 0) as shares
            from {PostEventsTable} e
            where e.day between @from and @to
              and e.type in ('{EventTypes.PostView}', '{EventTypes.PostLike}', '{EventTypes.PostUnlike}', '{EventTypes.PostComment}', '{EventTypes.PostShare}')
            group by e.post_id, e.day
        ),
        net_likes as (
            select post_id, day, sum(case type when '{EventTypes.PostLike}' then events else -events end) as likes
            from {EffectiveLikesTable}
            group by post_id, day
        )
        insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares)
        select d.post_id, d.day, p.author_id, d.views, greatest(0, coalesce(n.likes, 0)), d.comments, d.shares
        from days d
        join posts p on p.id = d.post_id
        left join net_likes n on n.post_id = d.post_id and n.day = d.day
        order by d.post_id, d.day
        """;

    /// <summary>
    /// The touched posts' totals, from <c>post_daily_stats</c>: views, comments and shares are the
    /// sums of the days. Likes are floored once over the whole history rather than day by day, so
    /// an unlike on a later day than its like takes the like back: the rebuilt days give the likes
    /// less unlikes that changed something, the other days their stored likes.
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
            select post_id, sum(case type when '{EventTypes.PostLike}' then events else -events end) as likes
            from {EffectiveLikesTable}
            group by post_id
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

    /// <summary>
    /// Each follow <c>follows</c> holds counts once, on the first day an event claims it from its
    /// making on (the follow endpoints give the row and its event one time), as live.
    /// </summary>
    public const string FindCountedFollows = $"""
        insert into {CountedFollowsTable} (user_id, target_user_id, day)
        select distinct on (f.user_id, f.target_user_id) f.user_id, f.target_user_id, f.day
        from {FollowsTable} f
        join follows x on x.follower_id = f.user_id and x.followee_id = f.target_user_id
        where f.last_at >= x.created_at
        order by f.user_id, f.target_user_id, f.day
        """;

    /// <summary>A follow the rebuild counted is counted: no event counts it again.</summary>
    public const string MarkFollowsCounted = $"""
        update follows x set counted_at = now()
        from {CountedFollowsTable} c
        where x.follower_id = c.user_id and x.followee_id = c.target_user_id and x.counted_at is null
        """;

    public const string DeleteUserDays = "delete from user_daily_activity where day between @from and @to";

    /// <summary>The range's hours: from midnight UTC of its first day to midnight UTC after its last.</summary>
    public const string DeleteUserHours = """
        delete from user_hourly_activity
        where hour >= (@from::timestamp at time zone 'UTC') and hour < ((@to + 1)::timestamp at time zone 'UTC')
        """;

    /// <summary>A user's hours only while the user exists, as the live rollup counts them.</summary>
    public const string InsertUserHours = $"""
        insert into user_hourly_activity (user_id, hour, events)
        select h.user_id, h.hour, h.events
        from {UserHoursTable} h
        where h.hour >= (@from::timestamp at time zone 'UTC') and h.hour < ((@to + 1)::timestamp at time zone 'UTC')
          and exists (select 1 from users u where u.id = h.user_id)
        order by h.user_id, h.hour
        """;

    /// <summary>
    /// Every event counts in <c>events</c>; <c>likes</c> are the likes that changed something, and
    /// <c>follows</c> the follows <c>follows</c> holds, each once (now: live, when the event was applied).
    /// </summary>
    public const string InsertUserDays = $"""
        with days as (
            select e.user_id, e.day,
                sum(e.events) as events,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostView}'), 0) as post_views,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostComment}'), 0) as comments,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.PostShare}'), 0) as shares,
                coalesce(sum(e.events) filter (where e.type = '{EventTypes.SessionStart}'), 0) as sessions
            from {UserEventsTable} e
            join users u on u.id = e.user_id
            where e.day between @from and @to
            group by e.user_id, e.day
        ),
        likes as (
            select user_id, day, sum(events) as likes
            from {EffectiveLikesTable}
            where type = '{EventTypes.PostLike}'
            group by user_id, day
        ),
        confirmed_follows as (
            select user_id, day, count(*) as follows
            from {CountedFollowsTable}
            where day between @from and @to
            group by user_id, day
        )
        insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions)
        select d.user_id, d.day, d.events, d.post_views, coalesce(l.likes, 0), d.comments, d.shares, coalesce(f.follows, 0), d.sessions
        from days d
        left join likes l on l.user_id = d.user_id and l.day = d.day
        left join confirmed_follows f on f.user_id = d.user_id and f.day = d.day
        order by d.user_id, d.day
        """;

    /// <summary>The counted events the aggregates group may still be given: it skips them, as if it had applied them.</summary>
    public const string RecordEventIds = $"""
        insert into ingested_events (event_id)
        select event_id from {EventIdsTable}
        order by event_id
        on conflict (event_id) do nothing
        """;
}
