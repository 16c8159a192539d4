using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Ingestor.Erasure;

/// <summary>
/// An anonymised user's pseudonym: HMAC-SHA256 of the user id under the platform's salt, as a
/// negative 64-bit id. Accounts have positive ids, so a pseudonym never names a person, and
/// without the salt nobody can tell whose it is.
/// </summary>
public static class Pseudonyms
{
    public static long Of(long userId, string salt)
    {
        Span<byte> id = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(id, userId);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), id, hash);
        var bits = BinaryPrimitives.ReadUInt64BigEndian(hash) >> 1;
        return -(long)bits - 1;
    }
}
