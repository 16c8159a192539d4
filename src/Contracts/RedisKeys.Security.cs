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

        /// <summary>
        /// Sorted set of one user's open notification streams: member a stream id, score when its
        /// lease lapses (Unix ms). An open stream renews its lease in the same script that checks
        /// its session, hence the shared hash tag.
        /// </summary>
        public static string Streams(long userId) => Prefix + "streams:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The active API keys, cached from PostgreSQL in front of every lookup. Both keys share the
    /// <c>{apikeys}</c> hash tag: the script that fills the cache checks the generation in the same
    /// call, which Redis Cluster allows only within one slot.
    /// </summary>
    public static class ApiKeys
    {
        public const string Prefix = "pulse:{apikeys}:";

        /// <summary>
        /// Hash of every active key: field the hex SHA-256 of its secret, value <c>id|scope|events per minute|name</c>,
        /// plus the field <see cref="BuiltField"/>; with no such field, the cache is not built.
        /// </summary>
        public const string Active = Prefix + "active";

        /// <summary>The field of <see cref="Active"/> that says it holds every active key (value: the generation it was built at).</summary>
        public const string BuiltField = "built";

        /// <summary>A random value replaced whenever a key is created or revoked: a fill of the cache read before the change is refused.</summary>
        public const string Generation = Prefix + "generation";
    }

    /// <summary>
    /// Failed sign-ins, per account (the SHA-256 of the handle, so unknown handles cost a fixed-size
    /// name) and per client address: hashes of the failure count and the time of the last failure.
    /// One script reads and counts both, hence the shared hash tag.
    /// </summary>
    public static class SignIn
    {
        public const string Prefix = "pulse:{signin}:";

        public static string Account(string handleHash) => Prefix + "account:" + handleHash;

        public static string Address(string address) => Prefix + "address:" + address;
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
