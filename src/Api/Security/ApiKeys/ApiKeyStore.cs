using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Data;
using Pulse.Data.Entities;
using StackExchange.Redis;

namespace Pulse.Api.Security.ApiKeys;

/// <summary>An API key as authentication needs it.</summary>
public sealed record ApiKeyIdentity(long Id, string Name, string Scope);

/// <summary>
/// API keys: stored in PostgreSQL under the SHA-256 of their secret, looked up through a Redis
/// cache (a miss is cached too, briefly, so a wrong key cannot hammer the database). Revoking
/// removes the cached entry in the same call, so it takes effect at once on every replica.
/// </summary>
public sealed class ApiKeyStore(IConnectionMultiplexer redis, IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string SecretPrefix = "pk_";
    private const string MissingMarker = "-";
    private static readonly TimeSpan MissCacheTime = TimeSpan.FromSeconds(30);

    public async Task<ApiKeyIdentity?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(secret);
        var database = redis.GetDatabase();
        var cacheKey = RedisKeys.ApiKeys.Key(Convert.ToHexStringLower(hash));
        var cached = await database.StringGetAsync(cacheKey);
        if (cached.HasValue)
        {
            return Parse(cached.ToString());
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new ApiKeyIdentity(k.Id, k.Name, k.Scope))
            .SingleOrDefaultAsync(cancellationToken);

        await database.StringSetAsync(cacheKey, key is null ? MissingMarker : Format(key),
            key is null ? MissCacheTime : TimeSpan.FromSeconds(options.Value.ApiKeyCacheSeconds));
        return key;
    }

    /// <param name="alongside">Adds what must commit with the key (its audit entry) to the same unit of work.</param>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(PulseDbContext db, string name, string scope, Action<ApiKey> alongside, CancellationToken cancellationToken)
    {
        var secret = Secrets.New(SecretPrefix);
        var key = new ApiKey { Name = name, Scope = scope, SecretHash = Secrets.Hash(secret), CreatedAt = time.GetUtcNow() };
        db.ApiKeys.Add(key);
        alongside(key);
        await db.SaveChangesAsync(cancellationToken);
        // A lookup of this secret may have cached "no such key" moments ago.
        await redis.GetDatabase().KeyDeleteAsync(RedisKeys.ApiKeys.Key(Convert.ToHexStringLower(key.SecretHash)));
        return (key, secret);
    }

    /// <param name="alongside">Adds what must commit with the revocation (its audit entry) to the same unit of work.</param>
    /// <returns>False when there is no such key (or it was revoked already).</returns>
    public async Task<bool> RevokeAsync(PulseDbContext db, long id, Action<ApiKey> alongside, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return false;
        }
        key.RevokedAt = time.GetUtcNow();
        alongside(key);
        await db.SaveChangesAsync(cancellationToken);
        await redis.GetDatabase().KeyDeleteAsync(RedisKeys.ApiKeys.Key(Convert.ToHexStringLower(key.SecretHash)));
        return true;
    }

    private static string Format(ApiKeyIdentity key) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Id}|{key.Scope}|{key.Name}");

    private static ApiKeyIdentity? Parse(string cached)
    {
        if (cached == MissingMarker)
        {
            return null;
        }
        var parts = cached.Split('|', 3);
        return new ApiKeyIdentity(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[2], parts[1]);
    }
}
