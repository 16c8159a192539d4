using System.Diagnostics;
using Npgsql;
using Pulse.Contracts;
using StackExchange.Redis;

namespace Pulse.Ops.Backfill;

/// <summary>One post's all-time totals, as <c>post_stats</c> holds them.</summary>
public readonly record struct PostTotals(long PostId, long Views, long Likes, long Comments, long Shares);

/// <summary>One post's totals and the users who like it now (<c>post_likes</c>).</summary>
public readonly record struct PostCounterState(PostTotals Totals, long[] Likers);

public sealed record CounterBackfillSummary(long Posts, int Batches, TimeSpan Elapsed);

/// <summary>
/// Rebuilds every post's real-time counters hash (<see cref="RedisKeys.PostCounters"/>) from
/// <c>post_stats</c>, and its set of likers (<see cref="RedisKeys.PostLikers"/>) from
/// <c>post_likes</c>: pages through the table by post id (keyset paging: each page is one short
/// indexed query, however large the table) and writes each page as one pipelined batch, one round
/// trip. HSET overwrites the four fields and the set is replaced whole, so a run is idempotent and
/// a stale or inflated counter, or a stale liker, takes the database's value: the event script then
/// counts a like only from a user PostgreSQL does not hold as a liker. Other fields of the hash,
/// and the counters of posts without a <c>post_stats</c> row, are left as they are.
/// </summary>
public sealed class CounterBackfill(NpgsqlDataSource postgres, IDatabase redis, int batchSize)
{
    public const int MaxBatchSize = 100_000;

    private const string PageSql = """
        select s.post_id, s.views, s.likes, s.comments, s.shares,
            array(select l.user_id from post_likes l where l.post_id = s.post_id order by l.user_id)
        from post_stats s
        where s.post_id > @after
        order by s.post_id
        limit @limit
        """;

    /// <summary>How many posts a run will write (for progress; rows added meanwhile are written too).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand("select count(*) from post_stats");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <param name="progress">Gets the number of posts written so far after each batch.</param>
    public async Task<CounterBackfillSummary> RunAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var page = new List<PostCounterState>(batchSize);
        var after = long.MinValue;
        long written = 0;
        var batches = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ReadPageAsync(after, page, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            await WriteAsync(page);
            written += page.Count;
            batches++;
            after = page[^1].Totals.PostId;
            progress?.Report(written);
            if (page.Count < batchSize)
            {
                break;
            }
        }
        return new CounterBackfillSummary(written, batches, stopwatch.Elapsed);
    }

    private async Task ReadPageAsync(long after, List<PostCounterState> page, CancellationToken cancellationToken)
    {
        page.Clear();
        await using var command = postgres.CreateCommand(PageSql);
        command.Parameters.Add(new NpgsqlParameter<long>("after", after));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", batchSize));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new PostCounterState(
                new PostTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)),
                reader.GetFieldValue<long[]>(5)));
        }
    }

    /// <summary>Per post an HSET, a DEL of its likers and an SADD of them, sent together and answered together: one round trip per page.</summary>
    private async Task WriteAsync(List<PostCounterState> page)
    {
        var batch = redis.CreateBatch();
        var writes = new List<Task>(page.Count * 3);
        foreach (var (post, likers) in page)
        {
            writes.Add(batch.HashSetAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post.PostId),
            [
                new HashEntry(RedisKeys.CounterFields.Views, post.Views),
                new HashEntry(RedisKeys.CounterFields.Likes, post.Likes),
                new HashEntry(RedisKeys.CounterFields.Comments, post.Comments),
                new HashEntry(RedisKeys.CounterFields.Shares, post.Shares),
            ]));
            var likersKey = RedisKeys.PostLikers(RedisKeys.DefaultPartition, post.PostId);
            writes.Add(batch.KeyDeleteAsync(likersKey));
            if (likers.Length > 0)
            {
                writes.Add(batch.SetAddAsync(likersKey, Array.ConvertAll(likers, user => (RedisValue)user)));
            }
        }
        batch.Execute();
        await Task.WhenAll(writes);
    }
}
