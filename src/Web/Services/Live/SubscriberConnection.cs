using Pulse.Contracts;
using StackExchange.Redis;

namespace Pulse.Web.Services.Live;

/// <summary>
/// How the Web's Redis client must behave to work as <see cref="RedisAccess.WebSubscriber"/>, which
/// may only ping and subscribe: StackExchange.Redis otherwise sends INFO, CONFIG, CLIENT, ECHO and a
/// tie-breaker GET while connecting, and subscribes to its own configuration channel. With those
/// left out it connects the same way as the full-rights user does.
/// </summary>
public static class SubscriberConnection
{
    public static void Apply(ConfigurationOptions options)
    {
        options.CommandMap = CommandMap.Create([.. RedisAccess.WebSubscriber.Commands, "AUTH", "HELLO", "QUIT"], available: true);
        options.TieBreaker = "";
        options.ConfigurationChannel = "";
        options.SetClientLibrary = false;
    }
}
