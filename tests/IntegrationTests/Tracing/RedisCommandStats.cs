using System.Globalization;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>How often a Redis server ran a command since it started (<c>INFO commandstats</c>): proof that work happened, whatever its spans say.</summary>
public static class RedisCommandStats
{
    public static async Task<long> CallsAsync(ConnectionMultiplexer redis, string command)
    {
        var info = await redis.GetServer(redis.GetEndPoints()[0]).InfoAsync("commandstats");
        var line = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == $"cmdstat_{command}");
        return line.Value is { } value ? long.Parse(value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture) : 0;
    }
}
