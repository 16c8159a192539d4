using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Pulse.Api.Events;

/// <summary>
/// Finds which of a batch's user and post ids do not exist, with at most one PostgreSQL round trip
/// per batch (both tables in one <see cref="NpgsqlBatch"/>), and none when every id was seen
/// recently. Only existing ids are remembered, so a user or post created a moment ago is found.
/// </summary>
public sealed class ReferenceChecker(NpgsqlDataSource dataSource, IOptions<IngestOptions> options) : IDisposable
{
    private readonly IngestOptions settings = options.Value;
    private readonly MemoryCache known = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.KnownIdCacheSize) });

    public async Task<(IReadOnlySet<long> MissingUsers, IReadOnlySet<long> MissingPosts)> FindMissingAsync(
        IEnumerable<long> userIds, IEnumerable<long> postIds, CancellationToken cancellationToken)
    {
        var users = Unknown(userIds, Kind.User);
        var posts = Unknown(postIds, Kind.Post);
        if (users.Length == 0 && posts.Length == 0)
        {
            return (new HashSet<long>(), new HashSet<long>());
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select id from users where id = any($1)") { Parameters = { new() { Value = users } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select id from posts where id = any($1)") { Parameters = { new() { Value = posts } } });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var foundUsers = await ReadIdsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var foundPosts = await ReadIdsAsync(reader, cancellationToken);

        Remember(foundUsers, Kind.User);
        Remember(foundPosts, Kind.Post);
        return (users.Where(id => !foundUsers.Contains(id)).ToHashSet(), posts.Where(id => !foundPosts.Contains(id)).ToHashSet());
    }

    private long[] Unknown(IEnumerable<long> ids, Kind kind) =>
        [.. ids.Distinct().Where(id => !known.TryGetValue((kind, id), out _))];

    private void Remember(HashSet<long> ids, Kind kind)
    {
        if (settings.KnownIdCacheDuration <= TimeSpan.Zero)
        {
            return;
        }
        foreach (var id in ids)
        {
            known.Set((kind, id), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = settings.KnownIdCacheDuration });
        }
    }

    private static async Task<HashSet<long>> ReadIdsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    public void Dispose() => known.Dispose();

    private enum Kind
    {
        User,
        Post,
    }
}
