using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Pulse.Data;

namespace Pulse.Api.Realtime;

/// <summary>What a trending board shows of a post besides its score.</summary>
public sealed record PostDetails(long PostId, string AuthorHandle, string Excerpt);

/// <summary>
/// Post details for the trending boards from an in-memory cache; the posts it misses come from
/// PostgreSQL in one query per request, never one per post.
/// </summary>
public sealed class PostDetailsCache(IMemoryCache cache, PulseDbContext db, IOptions<RealtimeOptions> options)
{
    public const int ExcerptLength = 140;

    public async Task<IReadOnlyDictionary<long, PostDetails>> GetAsync(IReadOnlyCollection<long> postIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, PostDetails>(postIds.Count);
        var missing = new List<long>();
        foreach (var postId in postIds)
        {
            if (cache.TryGetValue(CacheKey(postId), out PostDetails? details) && details is not null)
            {
                found[postId] = details;
            }
            else
            {
                missing.Add(postId);
            }
        }
        if (missing.Count == 0)
        {
            return found;
        }

        var loaded = await db.Posts.AsNoTracking()
            .Where(post => missing.Contains(post.Id))
            .Select(post => new { post.Id, post.Author!.Handle, Start = post.Content.Substring(0, ExcerptLength + 1) })
            .ToListAsync(cancellationToken);
        foreach (var post in loaded)
        {
            var excerpt = post.Start.Length > ExcerptLength ? string.Concat(post.Start.AsSpan(0, ExcerptLength), "…") : post.Start;
            var details = new PostDetails(post.Id, post.Handle, excerpt);
            cache.Set(CacheKey(post.Id), details, options.Value.PostDetailsCacheDuration);
            found[post.Id] = details;
        }
        return found;
    }

    private static (string, long) CacheKey(long postId) => (nameof(PostDetails), postId);
}
