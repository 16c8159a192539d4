using System.Diagnostics;
using Npgsql;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Ingestor.Aggregates;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>
/// The aggregates sink alone, beside its ceiling on the same PostgreSQL: one transaction that only
/// dedupes a batch's UUIDv7 ids and upserts one counter per key, the least any exactly-once
/// aggregation must do. Both run the same batches over the same number of keys and connections.
/// </summary>
public sealed class AggregatesSinkBenchmark(NpgsqlDataSource database, long[] users, long[] posts)
{
    private const string CeilingSchema = """
        create table if not exists bench_ceiling_ids (id uuid primary key);
        create table if not exists bench_ceiling_keys (k bigint primary key, n bigint not null);
        """;

    private const string CeilingTransaction = """
        with fresh as (
            insert into bench_ceiling_ids select unnest($1::uuid[]) on conflict do nothing returning id
        )
        insert into bench_ceiling_keys (k, n)
        select k, count(*) from unnest($2::bigint[]) k where (select count(*) from fresh) >= 0 group by k order by k
        on conflict (k) do update set n = bench_ceiling_keys.n + excluded.n
        """;

    public async Task<ThroughputResult> RunSinkAsync(int batches, int batchSize, int keys, int connections, CancellationToken cancellationToken)
    {
        var work = Enumerable.Range(0, batches).Select(_ => EventColumns.From(Events(batchSize, keys))).ToArray();
        var elapsed = await RunAsync(work, connections, batch => AggregatesRollup.ApplyAsync(database, batch, cancellationToken));
        return new ThroughputResult("aggregates sink (Ingestor's statement)", batchSize, batches * batchSize, elapsed);
    }

    public async Task<ThroughputResult> RunCeilingAsync(int batches, int batchSize, int keys, int connections, CancellationToken cancellationToken)
    {
        await using (var schema = database.CreateCommand(CeilingSchema))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }
        var random = new Random(11);
        var work = Enumerable.Range(0, batches)
            .Select(_ => (Ids: Enumerable.Range(0, batchSize).Select(_ => Guid.CreateVersion7()).ToArray(),
                          Keys: Enumerable.Range(0, batchSize).Select(_ => (long)random.Next(keys)).ToArray()))
            .ToArray();
        var elapsed = await RunAsync(work, connections, async batch =>
        {
            await using var command = database.CreateCommand(CeilingTransaction);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = batch.Ids });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = batch.Keys });
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
        await using (var drop = database.CreateCommand("drop table bench_ceiling_ids; drop table bench_ceiling_keys"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        return new ThroughputResult("ceiling: dedupe ids + upsert keys", batchSize, batches * batchSize, elapsed);
    }

    /// <summary>Post events over <paramref name="keys"/> posts (one UTC day), by random users.</summary>
    private List<PipelineEvent> Events(int count, int keys)
    {
        var random = Random.Shared;
        var now = DateTimeOffset.UtcNow;
        string[] types = [EventTypes.PostView, EventTypes.PostView, EventTypes.PostView, EventTypes.PostLike, EventTypes.PostComment, EventTypes.PostShare];
        return [.. Enumerable.Range(0, count).Select(_ => new PipelineEvent(
            Guid.CreateVersion7(), types[random.Next(types.Length)], users[random.Next(users.Length)], posts[random.Next(Math.Min(keys, posts.Length))],
            null, now, now, null, null, null))];
    }

    private static async Task<TimeSpan> RunAsync<T>(T[] batches, int connections, Func<T, Task> apply)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Length)
            {
                await apply(batches[index]);
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }
}
