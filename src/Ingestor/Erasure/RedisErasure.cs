using System.Globalization;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Privacy;
using Pulse.Pipeline.Sessions;
using StackExchange.Redis;

namespace Pulse.Ingestor.Erasure;

/// <summary>
/// Takes a user out of Redis: their sessions and per-caller keys end; they leave every post's set of
/// likers (the pseudonym takes their place when anonymised, so likes stay as they were); and when
/// erased, their posts' counters, likers and trending scores go. Cached reports, which may name
/// them, are dropped and rebuilt on the next read. Runs before the PostgreSQL step, which it reads
/// for the user's posts.
/// </summary>
public sealed class RedisErasure(IConnectionMultiplexer redis, NpgsqlDataSource dataSource)
{
    private const int Page = 1_000;

    public async Task RunAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var caller = "user:" + job.UserId.ToString(CultureInfo.InvariantCulture);
        job.Receipt.Add(ErasureStores.Redis, "sessions", await UserSessions.EndAllAsync(database, job.UserId));
        // The partition's keys and the sessions' key lie in different slots: one DEL each, or a Redis Cluster refuses it.
        var callerKeys = await database.KeyDeleteAsync([
            RedisKeys.EventBudget(RedisKeys.DefaultPartition, caller),
            RedisKeys.CallerBacklog(RedisKeys.DefaultPartition, caller),
            RedisKeys.CallerBacklogHeld(RedisKeys.DefaultPartition, caller),
        ]);
        callerKeys += await database.KeyDeleteAsync(RedisKeys.Sessions.Streams(job.UserId)) ? 1 : 0;
        job.Receipt.Add(ErasureStores.Redis, "callerKeys", callerKeys);
        job.Receipt.Add(ErasureStores.Redis, "likes", await LeaveLikersAsync(database, job, cancellationToken));
        if (job.Mode == ErasureModes.Erase)
        {
            var posts = await OwnPostsAsync(job.UserId, cancellationToken);
            job.Receipt.Add(ErasureStores.Redis, "postKeys", await DeletePostKeysAsync(database, posts));
            job.Receipt.Add(ErasureStores.Redis, "trendingScores", await RemoveFromTrendingAsync(database, posts, cancellationToken));
        }
        job.Receipt.Add(ErasureStores.Redis, "cachedReports", await DeleteMatchingAsync(database, RedisKeys.Reports.AnyOverview, cancellationToken));
    }

    /// <summary>Every post's likers (a set per post) without the user; the count is the sets they were in.</summary>
    private async Task<long> LeaveLikersAsync(IDatabase database, ErasureJobRun job, CancellationToken cancellationToken)
    {
        var pattern = RedisKeys.AnyPostLikers(RedisKeys.DefaultPartition);
        long left = 0;
        await foreach (var keys in ScanPrimaries(pattern, cancellationToken).Chunk(Page))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = database.CreateBatch();
            var removals = keys.Select(key => batch.SetRemoveAsync(key, job.UserId)).ToList();
            batch.Execute();
            var removed = await Task.WhenAll(removals);
            if (job.Mode == ErasureModes.Anonymise)
            {
                var pseudonym = job.Pseudonym!.Value;
                var additions = database.CreateBatch();
                var added = keys.Where((_, i) => removed[i]).Select(key => additions.SetAddAsync(key, pseudonym)).ToList();
                additions.Execute();
                await Task.WhenAll(added);
            }
            left += removed.Count(was => was);
        }
        return left;
    }

    private async Task<List<long>> OwnPostsAsync(long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select id from posts where author_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(reader.GetInt64(0));
        }
        return posts;
    }

    private static async Task<long> DeletePostKeysAsync(IDatabase database, List<long> posts)
    {
        long deleted = 0;
        foreach (var chunk in posts.Chunk(Page))
        {
            deleted += await database.KeyDeleteAsync([.. chunk.SelectMany(post => new RedisKey[]
            {
                RedisKeys.PostCounters(RedisKeys.DefaultPartition, post),
                RedisKeys.PostLikers(RedisKeys.DefaultPartition, post),
            })]);
        }
        return deleted;
    }

    /// <summary>The posts leave the decayed board and every hour bucket still kept; the cached windows and the last published list are dropped.</summary>
    private async Task<long> RemoveFromTrendingAsync(IDatabase database, List<long> posts, CancellationToken cancellationToken)
    {
        if (posts.Count == 0)
        {
            return 0;
        }
        RedisValue[] members = [.. posts.Select(post => (RedisValue)post.ToString(CultureInfo.InvariantCulture))];
        var boards = (await ScanPrimaries(RedisKeys.AnyTrendingHour(RedisKeys.DefaultPartition), cancellationToken).ToListAsync(cancellationToken))
            .Prepend(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition));
        var removals = await Task.WhenAll(boards.Select(key => database.SortedSetRemoveAsync(key, members)));
        await DeleteMatchingAsync(database, RedisKeys.AnyTrendingWindow(RedisKeys.DefaultPartition), cancellationToken);
        await database.KeyDeleteAsync(RedisKeys.TrendingPublished(RedisKeys.DefaultPartition));
        return removals.Sum();
    }

    private async Task<long> DeleteMatchingAsync(IDatabase database, string pattern, CancellationToken cancellationToken)
    {
        long deleted = 0;
        await foreach (var keys in ScanPrimaries(pattern, cancellationToken).Chunk(Page))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // One key per call: on a Redis Cluster these keys lie in different slots.
            deleted += (await Task.WhenAll(keys.Select(key => database.KeyDeleteAsync(key)))).Count(was => was);
        }
        return deleted;
    }

    /// <summary>Every key matching <paramref name="pattern"/> on every primary (SCAN, never KEYS): a cluster spreads them over its nodes.</summary>
    private async IAsyncEnumerable<RedisKey> ScanPrimaries(string pattern, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: Page).WithCancellation(cancellationToken))
            {
                yield return key;
            }
        }
    }
}
