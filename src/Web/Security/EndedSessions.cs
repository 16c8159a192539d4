using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Web.Security;

/// <summary>
/// Api sessions this Web process knows to be over: signed out here, or refused by the Api (expired,
/// revoked, signed out in another tab). A page inside a circuit cannot touch the cookie; the next
/// request that carries it can, and the cookie handler drops it when its session is listed here.
/// Kept by the token's hash, until the session's absolute end (after which the cookie has expired anyway).
/// </summary>
public sealed class EndedSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> ended = new(StringComparer.Ordinal);

    public int Count => ended.Count;

    public void Add(string token, DateTimeOffset endsAt)
    {
        var now = time.GetUtcNow();
        foreach (var (hash, until) in ended)
        {
            if (until <= now)
            {
                ended.TryRemove(KeyValuePair.Create(hash, until));
            }
        }
        ended[Hash(token)] = endsAt > now ? endsAt : now;
    }

    public bool Contains(string token) => ended.ContainsKey(Hash(token));

    /// <summary>A token's SHA-256, hex: what the Web keys anything about a token by, never the token itself.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
