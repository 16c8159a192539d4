namespace Pulse.Contracts;

public static partial class RedisKeys
{
    /// <summary>Sessions: one hash per session, keyed by the SHA-256 of its token (never the token itself).</summary>
    public static class Sessions
    {
        public static string Session(string tokenHash) => $"pulse:session:{tokenHash}";
    }

    /// <summary>API keys looked up by the SHA-256 of their secret, cached in front of PostgreSQL.</summary>
    public static class ApiKeys
    {
        public static string Key(string secretHash) => $"pulse:apikey:{secretHash}";
    }
}
