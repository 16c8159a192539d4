using StackExchange.Redis;

namespace Pulse.Pipeline;

/// <summary>Creating a consumer group on the event stream, the one way every part of Pulse does it.</summary>
public static class StreamGroups
{
    /// <summary>
    /// Creates <paramref name="group"/> on <paramref name="stream"/> (and the stream, when absent) at
    /// the stream's beginning, so the group sees every entry still retained.
    /// </summary>
    /// <returns>True when created; false when the group existed already (Redis answered BUSYGROUP).</returns>
    public static async Task<bool> CreateFromBeginningAsync(IDatabaseAsync database, string stream, string group)
    {
        try
        {
            return await database.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
