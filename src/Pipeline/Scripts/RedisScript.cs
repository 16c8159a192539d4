using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Pulse.Pipeline.Scripts;

/// <summary>
/// The one way Pulse runs a Lua script: its text is a <c>.lua</c> file beside the class that runs it,
/// compiled in as an embedded resource (<see cref="Beside{T}"/>), and each call sends only its SHA1
/// (EVALSHA). When the server does not know the script (first call, restart, failover, SCRIPT FLUSH)
/// the call is sent once more with EVAL, which also loads it for the calls after.
/// </summary>
/// <remarks>
/// Redis Cluster needs nothing more: the client routes EVALSHA and EVAL by the slot of the keys, every
/// script's keys share one hash tag (see <c>RedisKeys</c>), and each node loads the script on its first
/// NOSCRIPT. Run a script on a connection or a batch, not inside a transaction (a NOSCRIPT there
/// cannot be retried).
/// </remarks>
public sealed class RedisScript
{
    private readonly byte[] sha1;

    private RedisScript(string name, string text)
    {
        Name = name;
        Text = text;
        // SHA1 is how Redis names scripts, not a security measure.
#pragma warning disable CA5350
        sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    /// <summary>The resource's file name, e.g. <c>RecordEvents.lua</c>.</summary>
    public string Name { get; }

    public string Text { get; }

    public string Sha1 => Convert.ToHexStringLower(sha1);

    /// <summary>
    /// The script in <paramref name="fileName"/>, a <c>.lua</c> file in the folder (and namespace) of
    /// <typeparamref name="T"/>, embedded in <typeparamref name="T"/>'s assembly.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such resource: the file is missing, misnamed, or not embedded by its project.</exception>
    public static RedisScript Beside<T>(string fileName)
    {
        var type = typeof(T);
        using var stream = type.Assembly.GetManifestResourceStream(type, fileName)
            ?? throw new InvalidOperationException(
                $"No embedded script {type.Namespace}.{fileName} in {type.Assembly.GetName().Name}; it holds: {string.Join(", ", Scripts(type.Assembly))}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new RedisScript(fileName, reader.ReadToEnd());
    }

    /// <param name="database">A connection or a batch (whose retry, if any, goes on its connection, as the batch has been sent).</param>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(sha1, keys, values);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            var retry = database is IBatch and IDatabase { Database: var number } ? database.Multiplexer.GetDatabase(number) : database;
            return await retry.ScriptEvaluateAsync(Text, keys, values);
        }
    }

    private static IEnumerable<string> Scripts(Assembly assembly) =>
        assembly.GetManifestResourceNames().Where(name => name.EndsWith(".lua", StringComparison.Ordinal));
}
