using Npgsql;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>A migrated database of its own with users 1..N and posts 1..M (each with a known author), and readers of the aggregates.</summary>
public sealed class AggregatesDatabase : IAsyncDisposable
{
    private AggregatesDatabase(string connectionString, Dictionary<long, long> authorOfPost, HashSet<long> users)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        AuthorOfPost = authorOfPost;
        Users = users;
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The posts that exist, each with its author.</summary>
    public Dictionary<long, long> AuthorOfPost { get; }

    /// <summary>The users that exist.</summary>
    public HashSet<long> Users { get; }

    public static async Task<AggregatesDatabase> CreateAsync(PostgresServer server, string purpose, int users, int posts)
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, purpose);
        // Authors spread over the users in a fixed pattern, so some users author several posts and some none.
        var authorOfPost = Enumerable.Range(1, posts).ToDictionary(post => (long)post, post => 1L + (post * 7 % users));
        var database = new AggregatesDatabase(connectionString, authorOfPost, [.. Enumerable.Range(1, users).Select(user => (long)user)]);
        await using var command = database.DataSource.CreateCommand("""
            insert into users (id, handle, display_name, email, country, password_hash)
            select g, 'user_' || g, 'User ' || g, 'user' || g || '@example.com', 'US', 'x' from generate_series(1, @users) g;
            insert into posts (id, author_id, content, tags)
            select post, author, 'post ' || post, '{}' from unnest(@posts, @authors) as p(post, author);
            """);
        command.Parameters.AddWithValue("users", users);
        command.Parameters.AddWithValue("posts", authorOfPost.Keys.ToArray());
        command.Parameters.AddWithValue("authors", authorOfPost.Values.ToArray());
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public async Task DeletePostAsync(long postId)
    {
        await ExecuteAsync("delete from posts where id = @id", postId);
        AuthorOfPost.Remove(postId);
    }

    public async Task DeleteUserAsync(long userId)
    {
        await ExecuteAsync("delete from users where id = @id", userId);
        Users.Remove(userId);
        foreach (var post in AuthorOfPost.Where(post => post.Value == userId).Select(post => post.Key).ToList())
        {
            AuthorOfPost.Remove(post);
        }
    }

    public async Task<AggregateRows> ReadAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var rows = AggregateRows.Empty();
        await using var batch = DataSource.CreateBatch();
        batch.BatchCommands.Add(new("select post_id, views, likes, comments, shares, reach from post_stats"));
        batch.BatchCommands.Add(new("select post_id, day, author_id, views, likes, comments, shares from post_daily_stats"));
        batch.BatchCommands.Add(new("select user_id, day, events, post_views, likes, comments, shares, follows, sessions from user_daily_activity"));
        batch.BatchCommands.Add(new("select user_id, hour, events from user_hourly_activity"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Posts[reader.GetInt64(0)] = new PostCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            rows.Reach[reader.GetInt64(0)] = reader.GetInt64(5);
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.PostDays[new PostDayKey(reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1))] =
                new PostDayCounts(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.UserDays[new UserDayKey(reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1))] = new UserDayCounts(
                reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.UserHours[new UserHourKey(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1))] = reader.GetInt64(2);
        }
        return rows;
    }

    public async Task<HashSet<Guid>> IngestedIdsAsync()
    {
        var ids = new HashSet<Guid>();
        await using var command = DataSource.CreateCommand("select event_id from ingested_events");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    private async Task ExecuteAsync(string sql, long id)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
