using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>The per-command rates behind the Redis ceiling, and the ceiling they make for one event.</summary>
public sealed record RedisCeiling(IReadOnlyList<(string Command, double PerSecond)> Commands)
{
    /// <summary>Events/s if Redis did nothing but the event script's commands: each event needs every one of them.</summary>
    public double EventsPerSecond => 1 / Commands.Sum(command => 1 / command.PerSecond);
}

/// <summary>
/// What the same servers reach with nothing of Pulse in between: redis-benchmark running the event
/// script's commands, and a binary COPY of the same event rows into PostgreSQL.
/// </summary>
public static class CeilingBenchmarks
{
    private const string Payload = """{"id":"0192f1c4-6a3e-7c1a-9a53-1f0f3b6c2d11","type":"post_view","userId":42,"postId":1001,"timestamp":"2026-11-25T10:00:00Z","receivedAt":"2026-11-25T10:00:00.120Z","device":{"type":"mobile","os":"Android","browser":"Chrome"},"geo":{"country":"DE","city":"Berlin"}}""";

    /// <summary>Per event the script does: the dedupe SET, the counter HINCRBY, two ZINCRBY (decayed and hourly) and the XADD.</summary>
    public static async Task<RedisCeiling> RedisAsync(string host, int port, string? password, CancellationToken cancellationToken)
    {
        (string Name, int Keyspace, string[] Command)[] commands =
        [
            ("SET NX PX (dedupe)", 100_000_000, ["SET", "bench:{c}:seen:__rand_int__", "1", "NX", "PX", "900000"]),
            ("HINCRBY (counters)", 10_000, ["HINCRBY", "bench:{c}:post:__rand_int__", "views", "1"]),
            ("ZINCRBY (decayed)", 10_000, ["ZINCRBY", "bench:{c}:decay", "1.5", "__rand_int__"]),
            ("ZINCRBY (hour bucket)", 10_000, ["ZINCRBY", "bench:{c}:hour", "1", "__rand_int__"]),
            ("XADD (stream)", 1, ["XADD", "bench:{c}:events", "*", "event", Payload]),
        ];
        var results = new List<(string, double)>();
        foreach (var (name, keyspace, command) in commands)
        {
            results.Add((name, await RedisBenchmarkTool.RunCommandAsync(host, port, password, 200_000, 16, keyspace, command, cancellationToken)));
        }
        return new RedisCeiling(results);
    }

    /// <summary>Rows/s of a binary COPY of event rows (id, type, user, post, time) into a scratch table, dropped afterwards.</summary>
    public static async Task<double> PostgresCopyAsync(NpgsqlDataSource database, int rows, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("create table bench_copy (event_id uuid primary key, type text not null, user_id bigint not null, post_id bigint, occurred_at timestamptz not null)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var now = DateTime.UtcNow;
            var started = Stopwatch.GetTimestamp();
            await using (var writer = await connection.BeginBinaryImportAsync("copy bench_copy (event_id, type, user_id, post_id, occurred_at) from stdin (format binary)", cancellationToken))
            {
                for (var i = 0; i < rows; i++)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync("post_view", NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync((long)(i % 10_000), NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync((long)(i % 100_000), NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                }
                await writer.CompleteAsync(cancellationToken);
            }
            return rows / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            await using var drop = new NpgsqlCommand("drop table bench_copy", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
