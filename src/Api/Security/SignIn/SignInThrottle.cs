using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Pipeline.Scripts;
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
    private static readonly RedisScript AttemptScript = RedisScript.Beside<SignInThrottle>("SignInAttempt.lua");

    private static readonly RedisScript SuccessScript = RedisScript.Beside<SignInThrottle>("SignInSucceeded.lua");

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
