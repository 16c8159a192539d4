namespace Pulse.Contracts;

/// <summary>
/// The Redis ACL users Pulse's least-privileged services connect as, where the AppHost runs Redis
/// itself (an external Redis is set up by its operator: docs/deploy.md).
/// </summary>
public static class RedisAccess
{
    /// <summary>
    /// The Web only listens for trending changes: it may ping and subscribe to that one channel,
    /// and read no key, write nothing, run no script, publish nothing.
    /// </summary>
    public static class WebSubscriber
    {
        public const string User = "pulse-web";

        /// <summary>The commands the Web's client may send; the ACL allows no others.</summary>
        public static readonly IReadOnlyList<string> Commands = ["PING", "SUBSCRIBE", "UNSUBSCRIBE"];

        /// <summary>The ACL rules after <c>user pulse-web on &gt;PASSWORD</c>: the channel, the commands, nothing else.</summary>
        public static string Rules => $"resetchannels &{RedisKeys.Notifications.Trending} resetkeys -@all {string.Join(' ', Commands.Select(command => "+" + command.ToLowerInvariant()))}";
    }
}
