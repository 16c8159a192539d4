using Microsoft.Extensions.Options;
using Pulse.Contracts;
using StackExchange.Redis;

namespace Pulse.Api.Security.Sessions;

/// <summary>A signed-in user's session as Redis keeps it.</summary>
public sealed record Session(string TokenHash, long UserId, string Handle, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Sessions as Redis hashes under the SHA-256 of their token, with a sliding expiry: every read
/// that finds a session extends it, in the same round trip (a script), and deletion revokes at once.
/// A sorted set of the live sessions (score: when each expires) changes in the same transaction or
/// script as the session, so counting the active sessions is one ZCOUNT.
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis, IOptions<PulseSessionOptions> options, TimeProvider time)
{
    public const string TokenPrefix = "ps_";

    // Extends the session and reads it only if it still exists, atomically; an expired session
    // leaves the set of active ones.
    private static readonly LuaScript TouchScript = LuaScript.Prepare("""
        if redis.call('PEXPIRE', @key, @ttl) == 1 then
            redis.call('ZADD', @active, @expiresAt, @member)
            return redis.call('HMGET', @key, 'user_id', 'handle', 'created_at')
        end
        redis.call('ZREM', @active, @member)
        return false
        """);

    public async Task<(string Token, Session Session)> CreateAsync(long userId, string handle)
    {
        var token = Secrets.New(TokenPrefix);
        var hash = Secrets.HashHex(token);
        var now = time.GetUtcNow();
        var ttl = options.Value.SlidingExpiration;
        var database = redis.GetDatabase();
        var key = RedisKeys.Sessions.Session(hash);

        var transaction = database.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            new("user_id", userId),
            new("handle", handle),
            new("created_at", now.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(key, ttl);
        _ = transaction.SortedSetAddAsync(RedisKeys.Sessions.Active, hash, (now + ttl).ToUnixTimeMilliseconds());
        // Sessions that expired unused never say so: each sign-in sweeps them out of the set.
        _ = transaction.SortedSetRemoveRangeByScoreAsync(RedisKeys.Sessions.Active, double.NegativeInfinity, now.ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();

        return (token, new Session(hash, userId, handle, now, now + ttl));
    }

    /// <summary>The session for <paramref name="token"/>, extended by the sliding expiry; null when there is none.</summary>
    public async Task<Session?> TouchAsync(string token)
    {
        var hash = Secrets.HashHex(token);
        var ttl = options.Value.SlidingExpiration;
        var expiresAt = time.GetUtcNow() + ttl;
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TouchScript, new
        {
            key = (RedisKey)RedisKeys.Sessions.Session(hash),
            active = (RedisKey)RedisKeys.Sessions.Active,
            ttl = (long)ttl.TotalMilliseconds,
            expiresAt = expiresAt.ToUnixTimeMilliseconds(),
            member = hash,
        });
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var fields = (RedisValue[])result!;
        if (fields.Length != 3 || fields[0].IsNull)
        {
            return null;
        }
        var created = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]);
        return new Session(hash, (long)fields[0], fields[1].ToString(), created, expiresAt);
    }

    /// <summary>Ends the session at once: the next request with its token is unauthenticated.</summary>
    public async Task RevokeAsync(string tokenHash)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(RedisKeys.Sessions.Session(tokenHash));
        _ = transaction.SortedSetRemoveAsync(RedisKeys.Sessions.Active, tokenHash);
        await transaction.ExecuteAsync();
    }

    /// <summary>
    /// Sessions not yet expired or ended at <paramref name="now"/>, counted on <paramref name="database"/>:
    /// a connection, or a batch the caller sends with other reads in one round trip.
    /// </summary>
    public static Task<long> CountActiveAsync(IDatabaseAsync database, DateTimeOffset now) =>
        database.SortedSetLengthAsync(RedisKeys.Sessions.Active, now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
}
