using System.Buffers.Text;
using System.Security.Cryptography;
using Pulse.Data.Accounts;

namespace Pulse.Api.Security;

/// <summary>Opaque secrets (session tokens, API keys) and the hashes they are stored under.</summary>
public static class Secrets
{
    /// <summary>256 random bits, base64url, with a prefix that says what the secret is.</summary>
    public static string New(string prefix) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 (<see cref="SecretHash"/>): secrets are 256 random bits, so no salt or slow hash is needed to protect them at rest.</summary>
    public static byte[] Hash(string secret) => SecretHash.Of(secret);

    public static string HashHex(string secret) => Convert.ToHexStringLower(Hash(secret));
}
