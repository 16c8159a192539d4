using Npgsql;
using Pulse.Contracts.Notifications;
using Pulse.Contracts.Realtime;

namespace Pulse.Ingestor.Aggregates;

/// <summary>What one batch changed: how many of its events were new, and whom to tell.</summary>
public sealed record AppliedBatch(int Applied, IReadOnlyList<UserNotification> Notifications);

/// <summary>
/// Applies a batch to <c>post_stats</c>, <c>post_daily_stats</c>, <c>post_viewers</c>,
/// <c>user_daily_activity</c> and <c>user_hourly_activity</c> in one statement, so one round trip
/// and one transaction: the batch's ids go into <c>ingested_events</c> (ON CONFLICT DO NOTHING
/// RETURNING), and only the ids that were new reach the upserts. Every upsert inserts its rows in key order (and the ids in id order), so two
/// replicas applying overlapping batches lock rows in the same order and cannot deadlock.
/// </summary>
/// <remarks>
/// <para>
/// A post's likes are the users who like it now, kept in <c>post_likes</c>: in stream order, a like
/// counts only from someone who does not like the post yet, an unlike only from someone who does
/// (as the event script's set of likers does in Redis), and a like or an unlike by a user who no
/// longer exists counts nowhere. A <c>user_follow</c> counts and notifies only when <c>follows</c>
/// holds that follow when the batch is applied, and only once per follow (<c>follows.counted_at</c>).
/// </para>
/// <para>
/// Likes never go below zero, applied event by event in stream order as the Redis counters do: for a
/// key whose likes change by the steps d1..dn in this batch, with total T and lowest running sum m
/// (m &lt;= 0), starting from L the floored result is max(L + T, T - m). A new row starts from 0, so
/// it is inserted with T - m; an existing row needs T as well, which only differs from T - m where
/// m &lt; 0 (an unlike that hit the floor), so only those keys are looked up ("dips", almost always
/// empty). Because the floor composes this way, the result does not depend on how the stream is cut
/// into batches: a replay after a crash reaches the same totals.
/// </para>
/// <para>
/// An event whose post or user was deleted after the Api accepted it still has its id recorded; the
/// parts of it whose row no longer exists are dropped (a view of a deleted post still counts in its
/// viewer's activity, and the other way round). Deletes cascade to those rows anyway, so this is
/// what applying the event before the delete would have left.
/// </para>
/// </remarks>
public static class AggregatesRollup
{
    public const string Sql = $$"""
        with batch as (
            select e.event_id, e.type, e.user_id, e.post_id, e.target_user_id, e.occurred_at, e.position,
                (e.occurred_at at time zone 'UTC')::date as day
            from unnest(@ids, @types, @user_ids, @post_ids, @target_user_ids, @occurred_at)
                with ordinality as e(event_id, type, user_id, post_id, target_user_id, occurred_at, position)
        ),
        fresh as (
            insert into ingested_events (event_id)
            select event_id from batch order by event_id
            on conflict (event_id) do nothing
            returning event_id
        ),
        applied as (
            select b.*, p.author_id, u.id is not null as user_exists
            from batch b
            left join posts p on p.id = b.post_id
            left join users u on u.id = b.user_id
            -- A semi-join, not a join: the planner then expects at most the batch, not batch x fresh
            -- rows, which kept larger batches' estimated cost past the point where PostgreSQL JIT-compiles.
            where b.event_id in (select event_id from fresh)
        ),
        -- A follow counts and notifies once: when follows holds it (an event alone proves nothing)
        -- and no event counted it yet (a second event claiming the same follow adds nothing). A
        -- replica counting the same follow at once waits for this row and then finds it counted.
        follows_counted as (
            update follows f set counted_at = now()
            where f.counted_at is null
              and (f.follower_id, f.followee_id) in (select user_id, target_user_id from applied where type = '{{EventTypes.UserFollow}}')
            returning f.follower_id, f.followee_id
        ),
        counted_follows as (
            select distinct on (user_id, target_user_id) event_id
            from applied
            where type = '{{EventTypes.UserFollow}}'
              and (user_id, target_user_id) in (select follower_id, followee_id from follows_counted)
            order by user_id, target_user_id, position
        ),
        like_events as (
            select event_id, post_id, user_id, position, occurred_at, type = '{{EventTypes.PostLike}}' as likes
            from applied
            where type in ('{{EventTypes.PostLike}}', '{{EventTypes.PostUnlike}}') and author_id is not null and user_exists
        ),
        -- Who liked these posts before this batch.
        liked_before as materialized (
            select l.post_id, l.user_id
            from post_likes l
            where (l.post_id, l.user_id) in (select post_id, user_id from like_events)
        ),
        -- A like by someone who likes the post already, or an unlike by someone who does not,
        -- changes nothing: in stream order, only the events that flip a user's state count.
        like_changes as (
            select event_id, post_id, user_id, position, occurred_at, likes,
                case when likes then 1 else -1 end as step
            from (
                select e.*,
                    coalesce(lag(e.likes) over (partition by e.post_id, e.user_id order by e.position),
                        exists (select 1 from liked_before w where w.post_id = e.post_id and w.user_id = e.user_id)) as liked
                from like_events e
            ) in_order
            where likes <> liked
        ),
        like_final as (
            select distinct on (post_id, user_id) post_id, user_id, likes, occurred_at
            from like_changes
            order by post_id, user_id, position desc
        ),
        likes_added as (
            insert into post_likes (post_id, user_id, liked_at)
            select post_id, user_id, occurred_at from like_final where likes
            order by post_id, user_id
            on conflict (post_id, user_id) do nothing
            returning post_id, user_id
        ),
        likes_removed as (
            delete from post_likes l
            using like_final f
            where not f.likes and l.post_id = f.post_id and l.user_id = f.user_id
            returning l.post_id, l.user_id
        ),
        -- A user's changes count when their row really came or went, or when they cancel out. A
        -- replica applying another batch at once may have written the same row first (this insert
        -- then waits for it and inserts nothing): that change is then counted once, by that replica.
        like_counted as (
            select c.*
            from like_changes c
            where (c.post_id, c.user_id) in (select post_id, user_id from likes_added union all select post_id, user_id from likes_removed)
               or (c.post_id, c.user_id) in (select post_id, user_id from like_changes group by post_id, user_id having sum(step) = 0)
        ),
        post_events as (
            select post_id, author_id, day, type, like_step,
                sum(like_step) over (partition by post_id order by position) as running_likes,
                sum(like_step) over (partition by post_id, day order by position) as running_day_likes
            from (
                select a.*, coalesce(c.step, 0) as like_step
                from applied a
                left join like_counted c on c.event_id = a.event_id
                where a.author_id is not null
            ) on_existing_posts
        ),
        post_totals as (
            select post_id,
                count(*) filter (where type = '{{EventTypes.PostView}}') as views,
                sum(like_step) - least(0, min(running_likes)) as likes_from_zero,
                least(0, min(running_likes)) as likes_dip,
                count(*) filter (where type = '{{EventTypes.PostComment}}') as comments,
                count(*) filter (where type = '{{EventTypes.PostShare}}') as shares
            from post_events
            group by post_id
        ),
        -- Materialized: each conflicting row looks its key up here, so this must be the few dips,
        -- not a filter over every key of the batch (which inlining would make it).
        post_dips as materialized (
            select post_id, likes_dip from post_totals where likes_dip < 0
        ),
        -- A post's reach grows by the viewers it had never had. A replica inserting the same viewer
        -- at once waits for this row and then inserts nothing, so each viewer is counted once.
        viewers_added as (
            insert into post_viewers (post_id, user_id, first_viewed_at)
            select post_id, user_id, min(occurred_at)
            from applied
            where type = '{{EventTypes.PostView}}' and author_id is not null and user_exists
            group by post_id, user_id
            order by post_id, user_id
            on conflict (post_id, user_id) do nothing
            returning post_id
        ),
        reach_added as (
            select post_id, count(*) as reach from viewers_added group by post_id
        ),
        post_upsert as (
            insert into post_stats as s (post_id, views, likes, comments, shares, reach)
            select t.post_id, t.views, t.likes_from_zero, t.comments, t.shares, coalesce(r.reach, 0)
            from post_totals t
            left join reach_added r on r.post_id = t.post_id
            order by t.post_id
            on conflict (post_id) do update set
                views = s.views + excluded.views,
                reach = s.reach + excluded.reach,
                likes = greatest(
                    s.likes + excluded.likes + coalesce((select d.likes_dip from post_dips d where d.post_id = excluded.post_id), 0),
                    excluded.likes),
                comments = s.comments + excluded.comments,
                shares = s.shares + excluded.shares,
                updated_at = now()
        ),
        post_day_totals as (
            select post_id, day, min(author_id) as author_id,
                count(*) filter (where type = '{{EventTypes.PostView}}') as views,
                sum(like_step) - least(0, min(running_day_likes)) as likes_from_zero,
                least(0, min(running_day_likes)) as likes_dip,
                count(*) filter (where type = '{{EventTypes.PostComment}}') as comments,
                count(*) filter (where type = '{{EventTypes.PostShare}}') as shares
            from post_events
            group by post_id, day
        ),
        post_day_dips as materialized (
            select post_id, day, likes_dip from post_day_totals where likes_dip < 0
        ),
        post_day_upsert as (
            insert into post_daily_stats as s (post_id, day, author_id, views, likes, comments, shares)
            select post_id, day, author_id, views, likes_from_zero, comments, shares
            from post_day_totals
            order by post_id, day
            on conflict (post_id, day) do update set
                views = s.views + excluded.views,
                likes = greatest(
                    s.likes + excluded.likes + coalesce((select d.likes_dip from post_day_dips d where d.post_id = excluded.post_id and d.day = excluded.day), 0),
                    excluded.likes),
                comments = s.comments + excluded.comments,
                shares = s.shares + excluded.shares
        ),
        user_day_upsert as (
            insert into user_daily_activity as a (user_id, day, events, post_views, likes, comments, shares, follows, sessions)
            select user_id, day,
                count(*),
                count(*) filter (where type = '{{EventTypes.PostView}}'),
                count(*) filter (where event_id in (select event_id from like_counted where likes)),
                count(*) filter (where type = '{{EventTypes.PostComment}}'),
                count(*) filter (where type = '{{EventTypes.PostShare}}'),
                count(*) filter (where event_id in (select event_id from counted_follows)),
                count(*) filter (where type = '{{EventTypes.SessionStart}}')
            from applied
            where user_exists
            group by user_id, day
            order by user_id, day
            on conflict (user_id, day) do update set
                events = a.events + excluded.events,
                post_views = a.post_views + excluded.post_views,
                likes = a.likes + excluded.likes,
                comments = a.comments + excluded.comments,
                shares = a.shares + excluded.shares,
                follows = a.follows + excluded.follows,
                sessions = a.sessions + excluded.sessions
        ),
        -- Hours are truncated in UTC whatever the session's time zone.
        user_hour_upsert as (
            insert into user_hourly_activity as a (user_id, hour, events)
            select user_id, date_trunc('hour', occurred_at, 'UTC'), count(*)
            from applied
            where user_exists
            group by 1, 2
            order by 1, 2
            on conflict (user_id, hour) do update set
                events = a.events + excluded.events
        ),
        notifications as (
            select position, type, user_id as actor_id,
                case when type = '{{EventTypes.UserFollow}}' then target_user_id else author_id end as recipient_id,
                case when type = '{{EventTypes.UserFollow}}' then null else post_id end as post_id,
                occurred_at
            from applied
            where (type in ('{{EventTypes.PostComment}}', '{{EventTypes.PostShare}}') and author_id <> user_id)
               or (event_id in (select event_id from like_counted where likes) and author_id <> user_id)
               or (event_id in (select event_id from counted_follows) and target_user_id <> user_id)
        )
        select
            (select count(*) from fresh)::int as applied,
            array_agg(type order by position) as types,
            array_agg(actor_id order by position) as actor_ids,
            array_agg(recipient_id order by position) as recipient_ids,
            array_agg(post_id order by position) as post_ids,
            array_agg(occurred_at order by position) as occurred_at
        from notifications
        """;

    public static async Task<AppliedBatch> ApplyAsync(NpgsqlDataSource dataSource, EventColumns batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", batch.Ids));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", batch.Types));
        command.Parameters.Add(new NpgsqlParameter<long[]>("user_ids", batch.UserIds));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("post_ids", batch.PostIds));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("target_user_ids", batch.TargetUserIds));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("occurred_at", batch.OccurredAt));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var applied = reader.GetInt32(0);
        if (reader.IsDBNull(1))
        {
            return new AppliedBatch(applied, []);
        }
        var types = reader.GetFieldValue<string[]>(1);
        var actors = reader.GetFieldValue<long[]>(2);
        var recipients = reader.GetFieldValue<long[]>(3);
        var posts = reader.GetFieldValue<long?[]>(4);
        var occurred = reader.GetFieldValue<DateTime[]>(5);
        var notifications = new UserNotification[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            notifications[i] = new UserNotification(KindOf(types[i]), recipients[i], actors[i], posts[i], new DateTimeOffset(occurred[i], TimeSpan.Zero));
        }
        return new AppliedBatch(applied, notifications);
    }

    private static NotificationKind KindOf(string type) => type switch
    {
        EventTypes.PostLike => NotificationKind.PostLiked,
        EventTypes.PostComment => NotificationKind.PostCommented,
        EventTypes.PostShare => NotificationKind.PostShared,
        EventTypes.UserFollow => NotificationKind.Followed,
        _ => throw new InvalidOperationException($"The rollup returned a notification for '{type}', which notifies nobody."),
    };
}
