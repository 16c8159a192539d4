using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Api.Realtime;
using Pulse.Contracts;
using StackExchange.Redis;

namespace Pulse.Api.Security.SignIn;

/// <summary>
/// Counts failed sign-ins per account and per client address in Redis, and refuses attempts while a
/// delay runs (see <see cref="SignInOptions"/>). An attempt costs one round trip: one script checks
/// both counts and, when the attempt may go ahead, counts it as a failure before the password is
/// checked; a success then takes that back (a second round trip, only for successes). Counting first
/// means parallel guesses cannot all pass the check before any is counted. Unknown handles count
/// like real ones, so a refusal says nothing about who exists. The delay runs on the Api's clock,
/// passed to the script; Redis expiry only frees the memory.
/// </summary>
public sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<SignInOptions> options, TimeProvider time)
{
    // KEYS: [1] the account's hash, [2] the address's hash (fields f: failures, l: last failure,
    // Unix ms). ARGV: [1] now (Unix ms), [2] account threshold, [3] address threshold, [4] base
    // delay (ms), [5] cap (ms), [6] memory (ms). Returns the ms to wait, or 0 after counting.
    private static readonly RedisScript AttemptScript = new("""
        local now = tonumber(ARGV[1])
        local base, cap = tonumber(ARGV[4]), tonumber(ARGV[5])
        local wait = 0
        for i = 1, 2 do
          local state = redis.call('HMGET', KEYS[i], 'f', 'l')
          local failures, threshold = tonumber(state[1]) or 0, tonumber(ARGV[i + 1])
          if failures >= threshold then
            local delay = math.min(base * 2 ^ math.min(failures - threshold, 40), cap)
            wait = math.max(wait, tonumber(state[2]) + delay - now)
          end
        end
        if wait > 0 then
          return wait
        end
        for i = 1, 2 do
          redis.call('HINCRBY', KEYS[i], 'f', 1)
          redis.call('HSET', KEYS[i], 'l', ARGV[1])
          redis.call('PEXPIRE', KEYS[i], ARGV[6])
        end
        return 0
        """);

    // KEYS as above. The account starts afresh; the address's provisional failure is taken back.
    private static readonly RedisScript SuccessScript = new("""
        redis.call('DEL', KEYS[1])
        if (tonumber(redis.call('HGET', KEYS[2], 'f')) or 0) > 0 then
          redis.call('HINCRBY', KEYS[2], 'f', -1)
        end
        return 1
        """);

    /// <summary>Checks and counts an attempt for <paramref name="handle"/> (normalised) from <paramref name="address"/> (<see cref="Network.ClientAddress"/>).</summary>
    /// <returns>How long to wait when refused; otherwise null, and the attempt counts as failed until <see cref="SucceededAsync"/>.</returns>
    public async Task<TimeSpan?> AttemptAsync(string handle, string address)
    {
        var limits = options.Value;
        var result = await AttemptScript.EvaluateAsync(redis.GetDatabase(), Keys(handle, address),
        [
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            limits.AccountFailureThreshold,
            limits.AddressFailureThreshold,
            limits.BaseDelaySeconds * 1000L,
            limits.MaxDelaySeconds * 1000L,
            limits.FailureWindowMinutes * 60_000L,
        ]);
        var wait = (long)result;
        return wait > 0 ? TimeSpan.FromMilliseconds(wait) : null;
    }

    /// <summary>The attempt succeeded: forgets the account's failures and takes back the address's provisional one.</summary>
    public Task SucceededAsync(string handle, string address) =>
        SuccessScript.EvaluateAsync(redis.GetDatabase(), Keys(handle, address), []);

    /// <summary>Whole seconds, rounded up, for Retry-After.</summary>
    public static int Seconds(TimeSpan wait) => (int)Math.Ceiling(wait.TotalSeconds);

    public static string Describe(TimeSpan wait) => string.Create(CultureInfo.InvariantCulture, $"Try again in {Seconds(wait)} s.");

    private static RedisKey[] Keys(string handle, string address) =>
        [RedisKeys.SignIn.Account(Secrets.HashHex(handle)), RedisKeys.SignIn.Address(address)];
}
