using System.Security.Cryptography;
using System.Text;

namespace Pulse.Data.Accounts;

/// <summary>
/// How API-key secrets are stored: SHA-256 of their UTF-8 text. Secrets are 256 random bits, so no
/// salt or slow hash is needed to protect them at rest.
/// </summary>
public static class SecretHash
{
    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
