using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Data;
using Pulse.Data.Entities;
using Pulse.Pipeline.Scripts;
using StackExchange.Redis;

namespace Pulse.Api.Security.ApiKeys;

/// <summary>An API key as authentication needs it.</summary>
/// <param name="EventsPerMinute">Its own event budget; null: the default for keys.</param>
public sealed record ApiKeyIdentity(long Id, string Name, string Scope, int? EventsPerMinute);

/// <summary>
/// Every active key as PostgreSQL held it when read, and the cache generation read just before.
/// </summary>
/// <param name="Keys">By the hex SHA-256 of their secret.</param>
public sealed record ActiveApiKeys(string Generation, IReadOnlyDictionary<string, ApiKeyIdentity> Keys);

/// <summary>
/// API keys: stored in PostgreSQL under the SHA-256 of their secret. Lookups read one Redis hash of
/// every active key (<see cref="RedisKeys.ApiKeys.Active"/>, one HMGET), so a key that does not
/// exist costs one Redis round trip and no query, however many random keys a client tries: the
/// hash says "built" and lacks the key. When the hash is missing (expired after
/// <see cref="AuthOptions.ApiKeyCacheSeconds"/>, evicted, or reset at start) one lookup per replica
/// at a time loads all active keys from PostgreSQL and fills it; the others wait and read it. Active
/// keys are few (one per service or integration), so one hash holds them all.
///
/// Creating or revoking a key commits in PostgreSQL, then replaces the cache's generation and adds
/// or removes the key in the hash, in one script, so it takes effect at once on every replica. A
/// fill reads the generation before it reads PostgreSQL and writes only if the generation is
/// unchanged (checked in the script that writes), so a fill that read PostgreSQL before a revocation
/// committed can never put the revoked key back: the revocation replaced the generation after its
/// commit, and so before the fill's write, or its own removal comes after that write.
/// </summary>
public sealed class ApiKeyStore(IConnectionMultiplexer redis, IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time) : IDisposable
{
    public const string SecretPrefix = "pk_";

    private static readonly RedisScript FillScript = RedisScript.Beside<ApiKeyStore>("FillApiKeyCache.lua");

    private static readonly RedisScript ChangeScript = RedisScript.Beside<ApiKeyStore>("ChangeApiKeyCache.lua");

    private static readonly RedisKey[] CacheKeys = [RedisKeys.ApiKeys.Active, RedisKeys.ApiKeys.Generation];

    private readonly SemaphoreSlim filling = new(1, 1);

    public async Task<ApiKeyIdentity?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Secrets.HashHex(secret);
        if (await LookUpAsync(hash) is { Built: true } cached)
        {
            return cached.Key;
        }

        // One fill per replica at a time; whoever waited finds the hash built.
        await filling.WaitAsync(cancellationToken);
        try
        {
            if (await LookUpAsync(hash) is { Built: true } filled)
            {
                return filled.Key;
            }
            var active = await ReadActiveAsync(cancellationToken);
            if (await TryFillAsync(active))
            {
                return active.Keys.GetValueOrDefault(hash);
            }
            // A key was created or revoked while PostgreSQL was read, and that change has committed
            // (it replaces the generation after its commit): ask again for this key alone.
            return await ReadOneAsync(hash, cancellationToken);
        }
        finally
        {
            filling.Release();
        }
    }

    /// <summary>
    /// The first step of a fill: the cache generation, then every active key from PostgreSQL. Public,
    /// with <see cref="TryFillAsync"/>, so a test can run a revocation between the two.
    /// </summary>
    public async Task<ActiveApiKeys> ReadActiveAsync(CancellationToken cancellationToken)
    {
        var generation = (await redis.GetDatabase().StringGetAsync(RedisKeys.ApiKeys.Generation)).ToString();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.RevokedAt == null)
            .Select(k => new { k.SecretHash, Identity = new ApiKeyIdentity(k.Id, k.Name, k.Scope, k.EventsPerMinute) })
            .ToListAsync(cancellationToken);
        return new ActiveApiKeys(generation, keys.ToDictionary(k => Convert.ToHexStringLower(k.SecretHash), k => k.Identity));
    }

    /// <summary>The second step of a fill: writes <paramref name="active"/> unless a key was created or revoked since it was read.</summary>
    /// <returns>False when the cache's generation moved (nothing was written).</returns>
    public async Task<bool> TryFillAsync(ActiveApiKeys active)
    {
        var values = new List<RedisValue>(3 + active.Keys.Count * 2)
        {
            active.Generation,
            (long)TimeSpan.FromSeconds(options.Value.ApiKeyCacheSeconds).TotalMilliseconds,
            RedisKeys.ApiKeys.BuiltField,
        };
        foreach (var (hash, key) in active.Keys)
        {
            values.Add(hash);
            values.Add(Format(key));
        }
        return (long)await FillScript.EvaluateAsync(redis.GetDatabase(), CacheKeys, [.. values]) == 1;
    }

    /// <summary>Forgets the cache and its generation, so the next lookup loads PostgreSQL afresh (at start: the migration step may have changed keys).</summary>
    public async Task ResetCacheAsync()
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StringSetAsync(RedisKeys.ApiKeys.Generation, NewGeneration());
        _ = transaction.KeyDeleteAsync(RedisKeys.ApiKeys.Active);
        await transaction.ExecuteAsync();
    }

    /// <param name="alongside">Adds what must commit with the key (its audit entry) to the same unit of work.</param>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(
        PulseDbContext db, string name, string scope, int? eventsPerMinute, Action<ApiKey> alongside, CancellationToken cancellationToken)
    {
        var secret = Secrets.New(SecretPrefix);
        var key = new ApiKey { Name = name, Scope = scope, EventsPerMinute = eventsPerMinute, SecretHash = Secrets.Hash(secret), CreatedAt = time.GetUtcNow() };
        db.ApiKeys.Add(key);
        alongside(key);
        await db.SaveChangesAsync(cancellationToken);
        await ChangeAsync(Convert.ToHexStringLower(key.SecretHash), Format(Identity(key)));
        return (key, secret);
    }

    /// <param name="alongside">Adds what must commit with the change (its audit entry) to the same unit of work.</param>
    /// <returns>The key, or null when there is no such active key.</returns>
    public async Task<ApiKey?> SetBudgetAsync(PulseDbContext db, long id, int? eventsPerMinute, Action<ApiKey> alongside, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return null;
        }
        key.EventsPerMinute = eventsPerMinute;
        alongside(key);
        await db.SaveChangesAsync(cancellationToken);
        await ChangeAsync(Convert.ToHexStringLower(key.SecretHash), Format(Identity(key)));
        return key;
    }

    private static ApiKeyIdentity Identity(ApiKey key) => new(key.Id, key.Name, key.Scope, key.EventsPerMinute);

    /// <param name="alongside">Adds what must commit with the revocation (its audit entry) to the same unit of work.</param>
    /// <returns>False when there is no such key (or it was revoked already).</returns>
    public async Task<bool> RevokeAsync(PulseDbContext db, long id, Action<ApiKey> alongside, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return false;
        }
        if (key.RevokedAt is not null)
        {
            // Revoked before, but perhaps Redis failed right after that commit: make sure the cache forgot it.
            await ChangeAsync(Convert.ToHexStringLower(key.SecretHash), value: "");
            return false;
        }
        key.RevokedAt = time.GetUtcNow();
        alongside(key);
        await db.SaveChangesAsync(cancellationToken);
        await ChangeAsync(Convert.ToHexStringLower(key.SecretHash), value: "");
        return true;
    }

    private async Task<(bool Built, ApiKeyIdentity? Key)> LookUpAsync(string hash)
    {
        var fields = await redis.GetDatabase().HashGetAsync(RedisKeys.ApiKeys.Active, [hash, RedisKeys.ApiKeys.BuiltField]);
        return (!fields[1].IsNull, fields[0].IsNull ? null : Parse(fields[0].ToString()));
    }

    private async Task<ApiKeyIdentity?> ReadOneAsync(string hash, CancellationToken cancellationToken)
    {
        var secretHash = Convert.FromHexString(hash);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        return await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == secretHash && k.RevokedAt == null)
            .Select(k => new ApiKeyIdentity(k.Id, k.Name, k.Scope, k.EventsPerMinute))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <param name="value">The key's cached form, or empty to remove it.</param>
    private async Task ChangeAsync(string hash, string value) =>
        await ChangeScript.EvaluateAsync(redis.GetDatabase(), CacheKeys, [NewGeneration(), hash, value, RedisKeys.ApiKeys.BuiltField]);

    // Random, not a counter: a generation key lost (evicted, flushed) and counted up again can never
    // come back to the value a fill read.
    private static string NewGeneration() => Guid.NewGuid().ToString("N");

    public void Dispose() => filling.Dispose();

    private static string Format(ApiKeyIdentity key) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Id}|{key.Scope}|{key.EventsPerMinute}|{key.Name}");

    private static ApiKeyIdentity Parse(string cached)
    {
        var parts = cached.Split('|', 4);
        return new ApiKeyIdentity(
            long.Parse(parts[0], CultureInfo.InvariantCulture), parts[3], parts[1],
            parts[2].Length == 0 ? null : int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
