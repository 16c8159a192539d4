namespace Pulse.Data;

/// <summary>
/// The SQL that keeps <c>user_follower_days</c> exact, like <see cref="FollowCountTriggers"/>:
/// statement-level triggers with transition tables, one aggregated upsert per statement. A new
/// follow is gained on the UTC day it was made (so a COPY of historical follows lands on their
/// days); a removed one is lost on the UTC day it is removed. The follows already there are
/// counted once, on creation, as gained on their days; removals before then were never recorded.
/// A followee being deleted with its follows has no days left to record a loss on.
/// </summary>
public static class FollowerDayTriggers
{
    public const string Create = """
        create function apply_follower_day_changes() returns trigger language plpgsql as $$
        begin
            if tg_op = 'INSERT' then
                insert into user_follower_days as d (user_id, day, gained, lost)
                select followee_id, (created_at at time zone 'UTC')::date, count(*), 0
                from new_follows
                group by followee_id, (created_at at time zone 'UTC')::date
                on conflict (user_id, day) do update set gained = d.gained + excluded.gained;
            else
                insert into user_follower_days as d (user_id, day, gained, lost)
                select followee_id, (now() at time zone 'UTC')::date, 0, count(*)
                from old_follows
                where exists (select 1 from users where users.id = old_follows.followee_id)
                group by followee_id
                on conflict (user_id, day) do update set lost = d.lost + excluded.lost;
            end if;
            return null;
        end
        $$;

        create trigger follows_dated_on_insert after insert on follows
            referencing new table as new_follows for each statement execute function apply_follower_day_changes();
        create trigger follows_dated_on_delete after delete on follows
            referencing old table as old_follows for each statement execute function apply_follower_day_changes();

        insert into user_follower_days (user_id, day, gained, lost)
        select followee_id, (created_at at time zone 'UTC')::date, count(*), 0
        from follows
        group by followee_id, (created_at at time zone 'UTC')::date;
        """;

    public const string Drop = """
        drop trigger if exists follows_dated_on_delete on follows;
        drop trigger if exists follows_dated_on_insert on follows;
        drop function if exists apply_follower_day_changes();
        """;
}
