using Npgsql;

namespace Pulse.TestSupport;

/// <summary>A small social world written straight into a migrated Pulse database: users, their posts, and who follows whom.</summary>
public static class TestWorld
{
    /// <param name="prefix">Starts every handle, so worlds of several tests in one database do not collide.</param>
    public static async Task InsertAsync(NpgsqlDataSource database, string prefix, int users, int posts, int followsPerUser, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            insert into users (handle, display_name, email, country, password_hash)
            select '{prefix}' || g, 'User ' || g, '{prefix}' || g || '@example.com', 'DE', 'not-a-hash' from generate_series(1, {users}) g;
            with mine as (select id, row_number() over (order by id) - 1 as n from users where handle like '{prefix}%')
            insert into posts (author_id, content, tags)
            select mine.id, 'Post ' || g, '{"{}"}' from generate_series(1, {posts}) g join mine on mine.n = g % {users};
            with mine as (select id, row_number() over (order by id) - 1 as n from users where handle like '{prefix}%')
            insert into follows (follower_id, followee_id)
            select a.id, b.id from mine a cross join generate_series(1, {followsPerUser}) k
            join mine b on b.n = (a.n + k) % {users}
            on conflict do nothing;
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
