using Npgsql;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>Users and posts the benchmarks send events about, read from the Api's PostgreSQL.</summary>
public static class PipelineIds
{
    public static async Task<(long[] Users, long[] Posts)> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var (users, posts) = (await IdsAsync(database, "select id from users order by id limit 10000", cancellationToken),
            await IdsAsync(database, "select id from posts order by id limit 20000", cancellationToken));
        return users.Length >= 2 && posts.Length > 0
            ? (users, posts)
            : throw new InvalidOperationException("the database needs users and posts: seed it first (e.g. --Pulse:Seed:Scale=small or pulse-loadgen seed).");
    }

    private static async Task<long[]> IdsAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return [.. ids];
    }
}
