using System.Buffers.Binary;
using System.Buffers.Text;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// Where a timeline page ended: the last event's (timestamp, id), the keyset the next page starts
/// below. Opaque to clients: 24 bytes (UTC milliseconds, then the UUID in standard byte order), base64url.
/// </summary>
public readonly record struct TimelineCursor(long TimestampMs, Guid Id)
{
    private const int Size = 24;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteInt64BigEndian(bytes, TimestampMs);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? text, out TimelineCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Size];
        // TryDecodeFromChars throws on characters outside base64url: anything a client sends is checked first.
        if (string.IsNullOrEmpty(text) || !Base64Url.IsValid(text, out var length) || length != Size
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Size)
        {
            return false;
        }
        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }
        cursor = new TimelineCursor(milliseconds, new Guid(bytes[8..], bigEndian: true));
        return true;
    }
}
