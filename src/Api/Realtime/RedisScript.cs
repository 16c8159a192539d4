using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Pulse.Api.Realtime;

/// <summary>
/// A Lua script run by its SHA1 (EVALSHA), so a call sends the script's 40-byte name instead of its
/// text. When the server does not know it (first call, restart, failover, SCRIPT FLUSH) it is sent
/// once with EVAL, which also loads it for the calls after.
/// </summary>
public sealed class RedisScript(string text)
{
    // SHA1 is how Redis names scripts, not a security measure.
#pragma warning disable CA5350
    private readonly byte[] sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350

    public string Sha1 => Convert.ToHexStringLower(sha1);

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(sha1, keys, values);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(text, keys, values);
        }
    }
}
