using Npgsql;
using Pulse.LoadGen.Traffic;

namespace Pulse.LoadGen.Simulation;

/// <summary>
/// Reads the users, posts and follows traffic is generated over from PostgreSQL, read-only: the Api
/// has no listing of users or follows. A sample keeps the lowest user ids, the newest of their posts
/// and the follows among them.
/// </summary>
public static class GraphLoader
{
    public sealed record Limits(int Users, int Posts, int Follows);

    public static async Task<SocialGraph> LoadAsync(string connectionString, Limits limits, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Every transaction on these connections refuses to write.
            Options = "-c default_transaction_read_only=on",
            ApplicationName = "pulse-loadgen simulate",
        };
        await using var database = NpgsqlDataSource.Create(builder);

        var users = await ReadAsync(database, "select id, country from users order by id limit $1", [limits.Users],
            reader => new GraphUser(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)), cancellationToken);
        var lastUser = users.Count == 0 ? 0 : users[^1].Id;
        var posts = await ReadAsync(database, "select id, author_id, created_at from posts where author_id <= $1 order by id desc limit $2", [lastUser, limits.Posts],
            reader => new GraphPost(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)), cancellationToken);
        var follows = await ReadAsync(database, "select follower_id, followee_id from follows where follower_id <= $1 and followee_id <= $1 limit $2", [lastUser, limits.Follows],
            reader => new GraphFollow(reader.GetInt64(0), reader.GetInt64(1)), cancellationToken);
        return new SocialGraph(users, posts, follows);
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource database, string sql, object[] parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
