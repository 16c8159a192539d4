namespace Pulse.LoadGen.Traffic;

/// <summary>
/// UUIDv7 (RFC 9562) from a seeded <see cref="Random"/>: the millisecond timestamp first, so ids sort by
/// time like the Api's own, and the random bits reproducible, which <see cref="Guid.CreateVersion7()"/> is not.
/// </summary>
public static class Uuid7
{
    public static Guid Create(DateTimeOffset timestamp, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes[6..]);
        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
