namespace Pulse.Contracts;

public static partial class RedisKeys
{
    /// <summary>
    /// Sessions: one hash per session, keyed by the SHA-256 of its token (never the token itself),
    /// and one sorted set of the sessions not yet ended. Both share the <c>{sessions}</c> hash tag:
    /// a session and the set change together in one transaction or script, which Redis Cluster
    /// allows only within one slot.
    /// </summary>
    public static class Sessions
    {
        public const string Prefix = "pulse:{sessions}:";

        public static string Session(string tokenHash) => Prefix + "session:" + tokenHash;

        /// <summary>Sorted set of live sessions: member the token hash, score when the session expires (Unix ms).</summary>
        public const string Active = Prefix + "active";

        /// <summary>Set of one user's session hashes, so a role change or an account's end can end them all.</summary>
        public static string OfUser(long userId) => Prefix + "user:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>API keys looked up by the SHA-256 of their secret, cached in front of PostgreSQL.</summary>
    public static class ApiKeys
    {
        public static string Key(string secretHash) => $"pulse:apikey:{secretHash}";
    }

    /// <summary>
    /// Partition names of the request rate limits. RedisRateLimiting wraps each in a hash tag of its
    /// own (<c>rl:fw:{name}</c>), so these carry none, and must contain no brace.
    /// </summary>
    public static class RateLimits
    {
        /// <summary>One route policy's count for one caller (a credential's hash or a client address).</summary>
        public static string Policy(string policy, string caller) => "pulse:ratelimit:" + policy + ":" + caller;

        /// <summary>The count of every request from one client address (an IPv6 address by its /64).</summary>
        public static string Address(string address) => "pulse:ratelimit:address:" + address;
    }
}
