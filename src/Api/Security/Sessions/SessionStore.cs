using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Pipeline.Scripts;
using Pulse.Pipeline.Sessions;
using StackExchange.Redis;

namespace Pulse.Api.Security.Sessions;

/// <summary>A signed-in user's session as Redis keeps it.</summary>
/// <param name="ExpiresAt">When it expires unless used again (the sliding expiry).</param>
/// <param name="EndsAt">When it ends however often it is used (the absolute lifetime).</param>
public sealed record Session(string TokenHash, long UserId, string Handle, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset EndsAt);

/// <summary>
/// Sessions as Redis hashes under the SHA-256 of their token, with a sliding expiry capped by an
/// absolute lifetime: every read that finds a session extends it, in the same round trip (a script),
/// and deletion revokes at once. A sorted set of the live sessions (score: when each expires) changes
/// in the same transaction or script as the session, so counting the active sessions is one ZCOUNT;
/// a set per user names that user's sessions, so a role change can end them all.
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis, IOptions<PulseSessionOptions> options, TimeProvider time)
{
    public const string TokenPrefix = "ps_";

    private static readonly RedisScript TouchScript = RedisScript.Beside<SessionStore>("TouchSession.lua");

    public async Task<(string Token, Session Session)> CreateAsync(long userId, string handle, string role)
    {
        var token = Secrets.New(TokenPrefix);
        var hash = Secrets.HashHex(token);
        var now = time.GetUtcNow();
        var endsAt = now + options.Value.AbsoluteLifetime;
        var expiresAt = Min(now + options.Value.SlidingExpiration, endsAt);
        var database = redis.GetDatabase();
        var key = RedisKeys.Sessions.Session(hash);
        var ofUser = RedisKeys.Sessions.OfUser(userId);

        var transaction = database.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            new("user_id", userId),
            new("handle", handle),
            new("role", role),
            new("created_at", now.ToUnixTimeMilliseconds()),
            new("ends_at", endsAt.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(key, expiresAt - now);
        _ = transaction.SortedSetAddAsync(RedisKeys.Sessions.Active, hash, expiresAt.ToUnixTimeMilliseconds());
        // Every session of the set ends by the newest one's end, so the set may expire with it.
        _ = transaction.SetAddAsync(ofUser, hash);
        _ = transaction.KeyExpireAsync(ofUser, endsAt - now);
        // Sessions that expired unused never say so: each sign-in sweeps them out of the set.
        _ = transaction.SortedSetRemoveRangeByScoreAsync(RedisKeys.Sessions.Active, double.NegativeInfinity, now.ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();

        return (token, new Session(hash, userId, handle, role, now, expiresAt, endsAt));
    }

    /// <summary>The session for <paramref name="token"/>, extended by the sliding expiry; null when there is none.</summary>
    public async Task<Session?> TouchAsync(string token)
    {
        var hash = Secrets.HashHex(token);
        var now = time.GetUtcNow();
        var result = await TouchScript.EvaluateAsync(redis.GetDatabase(),
            [RedisKeys.Sessions.Session(hash), RedisKeys.Sessions.Active],
            [now.ToUnixTimeMilliseconds(), (long)options.Value.SlidingExpiration.TotalMilliseconds, hash]);
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var fields = (RedisValue[])result!;
        if (fields.Length != 6 || fields[0].IsNull)
        {
            return null;
        }
        return new Session(hash, (long)fields[0], fields[1].ToString(), fields[2].ToString(),
            FromUnixMs(fields[3]), FromUnixMs(fields[5]), FromUnixMs(fields[4]));
    }

    /// <summary>Whether the session still exists, without extending it (an open stream asks this).</summary>
    public async Task<bool> IsActiveAsync(Session session)
    {
        if (time.GetUtcNow() >= session.EndsAt)
        {
            return false;
        }
        return await redis.GetDatabase().KeyExistsAsync(RedisKeys.Sessions.Session(session.TokenHash));
    }

    /// <summary>Ends the session at once: the next request with its token is unauthenticated.</summary>
    public async Task RevokeAsync(Session session)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(RedisKeys.Sessions.Session(session.TokenHash));
        _ = transaction.SortedSetRemoveAsync(RedisKeys.Sessions.Active, session.TokenHash);
        _ = transaction.SetRemoveAsync(RedisKeys.Sessions.OfUser(session.UserId), session.TokenHash);
        await transaction.ExecuteAsync();
    }

    /// <summary>Ends every session of <paramref name="userId"/> at once (their role changed); answers how many there were.</summary>
    public Task<int> RevokeAllAsync(long userId) => UserSessions.EndAllAsync(redis.GetDatabase(), userId);

    /// <summary>
    /// Sessions not yet expired or ended at <paramref name="now"/>, counted on <paramref name="database"/>:
    /// a connection, or a batch the caller sends with other reads in one round trip.
    /// </summary>
    public static Task<long> CountActiveAsync(IDatabaseAsync database, DateTimeOffset now) =>
        database.SortedSetLengthAsync(RedisKeys.Sessions.Active, now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);

    private static DateTimeOffset FromUnixMs(RedisValue value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value.ToString(), CultureInfo.InvariantCulture));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
