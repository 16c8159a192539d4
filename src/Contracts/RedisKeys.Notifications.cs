namespace Pulse.Contracts;

public static partial class RedisKeys
{
    /// <summary>Pub/sub channels: what the pipeline publishes and the Api streams to browsers.</summary>
    public static class Notifications
    {
        /// <summary>Everything that happened to one user's posts or profile.</summary>
        public static string User(long userId) => $"pulse:notifications:user:{userId}";

        /// <summary>Changes of the trending top list, for everyone.</summary>
        public const string Trending = "pulse:notifications:trending";
    }
}
