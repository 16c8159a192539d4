namespace Pulse.Data;

/// <summary>
/// The SQL that keeps <c>user_follow_counts</c> exact. Statement-level triggers with transition
/// tables: one aggregated upsert per statement, so a COPY of 300,000 follows costs one statement,
/// not 300,000 row triggers. The counts of the follows already there are computed once on creation.
/// </summary>
public static class FollowCountTriggers
{
    public const string Create = """
        create function apply_follow_count_changes() returns trigger language plpgsql as $$
        begin
            if tg_op = 'INSERT' then
                insert into user_follow_counts as c (user_id, followers, following)
                select user_id, sum(followers), sum(following)
                from (select followee_id as user_id, count(*) as followers, 0 as following from new_follows group by followee_id
                      union all
                      select follower_id, 0, count(*) from new_follows group by follower_id) changes
                group by user_id
                on conflict (user_id) do update
                    set followers = c.followers + excluded.followers, following = c.following + excluded.following;
            else
                update user_follow_counts c
                set followers = c.followers - changes.followers, following = c.following - changes.following
                from (select user_id, sum(followers) as followers, sum(following) as following
                      from (select followee_id as user_id, count(*) as followers, 0 as following from old_follows group by followee_id
                            union all
                            select follower_id, 0, count(*) from old_follows group by follower_id) deltas
                      group by user_id) changes
                where c.user_id = changes.user_id;
            end if;
            return null;
        end
        $$;

        create trigger follows_counted_on_insert after insert on follows
            referencing new table as new_follows for each statement execute function apply_follow_count_changes();
        create trigger follows_counted_on_delete after delete on follows
            referencing old table as old_follows for each statement execute function apply_follow_count_changes();

        insert into user_follow_counts (user_id, followers, following)
        select user_id, sum(followers), sum(following)
        from (select followee_id as user_id, count(*) as followers, 0 as following from follows group by followee_id
              union all
              select follower_id, 0, count(*) from follows group by follower_id) existing
        group by user_id;
        """;

    public const string Drop = """
        drop trigger if exists follows_counted_on_delete on follows;
        drop trigger if exists follows_counted_on_insert on follows;
        drop function if exists apply_follow_count_changes();
        """;
}
