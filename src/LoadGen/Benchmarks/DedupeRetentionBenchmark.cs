using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>
/// Two ways to keep <c>ingested_events</c> to its retention, on copies shaped like it (uuid primary
/// key, <c>ingested_at</c> with its index): the pruner's batched DELETEs of the oldest day from one
/// table, and dropping that day's partition from a copy partitioned by day. PostgreSQL wants the
/// partition key in every unique index, and the dedupe needs the primary key on <c>event_id</c>
/// alone, so the copy is partitioned by ranges of <c>event_id</c>: UUIDv7 ids begin with their
/// millisecond, so a day's ids are one range. The copies are this benchmark's own tables, dropped
/// at the end.
/// </summary>
public sealed class DedupeRetentionBenchmark(NpgsqlDataSource dataSource)
{
    public const string Batched = "bench_dedupe_batched";
    public const string Partitioned = "bench_dedupe_partitioned";

    /// <summary>The pruner's statement (IngestedEventsPruner), without its dead-letter exception.</summary>
    private const string DeleteOldest = $"""
        delete from {Batched}
        where event_id in (
            select event_id from {Batched}
            where ingested_at < @cutoff
            order by ingested_at
            limit @limit
            for update skip locked)
        """;

    // A UUIDv7 from a timestamp column t and a row number g: 48 bits of milliseconds, version 7, variant 8, then bits from g.
    private const string UuidV7 = "(lpad(to_hex((extract(epoch from t) * 1000)::bigint), 12, '0') || '7' || substr(md5(g::text), 1, 3) || '8' || substr(md5(g::text || 'v7'), 1, 15))::uuid";

    public async Task CreateAsync(DateOnly firstDay, int days, CancellationToken cancellationToken)
    {
        var ddl = new List<string>
        {
            $"create table {Batched} (event_id uuid primary key, ingested_at timestamptz not null default now())",
            $"create index on {Batched} (ingested_at)",
            $"create table {Partitioned} (event_id uuid primary key, ingested_at timestamptz not null default now()) partition by range (event_id)",
            $"create index on {Partitioned} (ingested_at)",
        };
        // One more day than filled: the insert measurement writes a new day.
        for (var day = firstDay; day <= firstDay.AddDays(days); day = day.AddDays(1))
        {
            ddl.Add($"create table {PartitionOf(day)} partition of {Partitioned} for values from ('{FirstId(day)}') to ('{FirstId(day.AddDays(1))}')");
        }
        foreach (var statement in ddl)
        {
            await ExecuteAsync(statement, cancellationToken);
        }
    }

    /// <summary>Fills both copies with <paramref name="rows"/> ids spread evenly over the days, in time order as they arrive.</summary>
    public async Task<TimeSpan> FillAsync(DateOnly firstDay, int days, long rows, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var start = Midnight(firstDay);
        var step = TimeSpan.FromDays(days) / rows;
        foreach (var table in new[] { Batched, Partitioned })
        {
            await using var command = dataSource.CreateCommand($"""
                insert into {table} (event_id, ingested_at)
                select {UuidV7}, t
                from (select g, @start + g * @step as t from generate_series(0::bigint, @rows - 1) g) s
                """);
            command.CommandTimeout = 0;
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("start", start));
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("step", step));
            command.Parameters.Add(new NpgsqlParameter<long>("rows", rows));
            await command.ExecuteNonQueryAsync(cancellationToken);
            await ExecuteAsync($"vacuum analyze {table}", cancellationToken);
        }
        return started.Elapsed;
    }

    /// <summary>
    /// The sink's dedupe insert (ON CONFLICT DO NOTHING) of new ids on the day after the filled
    /// ones, in batches alternating between the copies so both see the same machine.
    /// </summary>
    public async Task<(LatencySample Batched, LatencySample Partitioned)> InsertAsync(DateOnly day, int rows, int batchSize, CancellationToken cancellationToken)
    {
        var batched = new List<double>();
        var partitioned = new List<double>();
        var at = Midnight(day);
        var step = TimeSpan.FromDays(1) / rows;
        for (var first = 0; first < rows; first += batchSize)
        {
            var count = Math.Min(batchSize, rows - first);
            var ids = Enumerable.Range(first, count).Select(i => Guid.CreateVersion7(at + i * step)).ToArray();
            batched.Add(await InsertBatchAsync(Batched, ids, at, cancellationToken));
            partitioned.Add(await InsertBatchAsync(Partitioned, ids, at, cancellationToken));
        }
        return (new LatencySample(batched), new LatencySample(partitioned));
    }

    /// <summary>The pruner's way: batches of <paramref name="batchSize"/> until the day is gone.</summary>
    public async Task<RemovalResult> DeleteDayAsync(DateOnly day, int batchSize, CancellationToken cancellationToken)
    {
        var wal = await WalPositionAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        long removed = 0;
        var statements = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(DeleteOldest);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", Midnight(day.AddDays(1))));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", batchSize));
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            removed += deleted;
            statements++;
            if (deleted < batchSize)
            {
                break;
            }
        }
        var elapsed = started.Elapsed;
        var walBytes = await WalSinceAsync(wal, cancellationToken);
        // What the deletes leave behind: dead tuples a vacuum must visit, here at once instead of by autovacuum later.
        var vacuum = Stopwatch.StartNew();
        await ExecuteAsync($"vacuum {Batched}", cancellationToken);
        return new RemovalResult(removed, statements, elapsed, walBytes, vacuum.Elapsed);
    }

    /// <summary>The partitioned way: detach the day's partition and drop it.</summary>
    public async Task<RemovalResult> DropDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var rows = await ScalarAsync<long>($"select count(*) from {PartitionOf(day)}", cancellationToken);
        var wal = await WalPositionAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        await ExecuteAsync($"alter table {Partitioned} detach partition {PartitionOf(day)}", cancellationToken);
        await ExecuteAsync($"drop table {PartitionOf(day)}", cancellationToken);
        var elapsed = started.Elapsed;
        return new RemovalResult(rows, 2, elapsed, await WalSinceAsync(wal, cancellationToken), TimeSpan.Zero);
    }

    public Task<long> SizeAsync(string table, CancellationToken cancellationToken) =>
        ScalarAsync<long>(table == Partitioned
            ? $"select sum(pg_total_relation_size(relid))::bigint from pg_partition_tree('{Partitioned}')"
            : $"select pg_total_relation_size('{table}')", cancellationToken);

    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync($"drop table if exists {Batched}", cancellationToken);
        // Its partitions go with it.
        await ExecuteAsync($"drop table if exists {Partitioned}", cancellationToken);
    }

    public Task<long> ExistingTablesAsync(CancellationToken cancellationToken) =>
        ScalarAsync<long>($"select count(*) from pg_tables where tablename in ('{Batched}', '{Partitioned}')", cancellationToken);

    private async Task<double> InsertBatchAsync(string table, Guid[] ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"insert into {table} (event_id, ingested_at) select unnest(@ids), @at on conflict (event_id) do nothing");
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", at));
        var started = Stopwatch.GetTimestamp();
        await command.ExecuteNonQueryAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string PartitionOf(DateOnly day) => $"{Partitioned}_{day:yyyyMMdd}";

    /// <summary>The smallest UUIDv7 of a UTC day: its first millisecond, every other bit zero.</summary>
    public static Guid FirstId(DateOnly day) =>
        Guid.ParseExact(Midnight(day).ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + new string('0', 20), "N");

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private Task<string> WalPositionAsync(CancellationToken cancellationToken) =>
        ScalarAsync<string>("select pg_current_wal_lsn()::text", cancellationToken);

    private async Task<long> WalSinceAsync(string position, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select pg_wal_lsn_diff(pg_current_wal_lsn(), @position::pg_lsn)::bigint");
        command.Parameters.AddWithValue("position", position);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>One day's ids removed: how many, in how many statements, how long, the WAL written, and the vacuum left to do.</summary>
public sealed record RemovalResult(long Rows, int Statements, TimeSpan Elapsed, long WalBytes, TimeSpan Vacuum);
