using System.Buffers.Binary;
using System.Buffers.Text;

namespace Pulse.Api.Posts;

/// <summary>
/// Where a page of posts ended: the last post's (created_at, id), the keyset the next page starts
/// below. Opaque to clients: 16 bytes, base64url.
/// </summary>
public readonly record struct PostCursor(DateTimeOffset CreatedAt, long Id)
{
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Id);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? text, out PostCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[16];
        // TryDecodeFromChars throws on characters outside base64url: anything a client sends is checked first.
        if (string.IsNullOrEmpty(text) || !Base64Url.IsValid(text, out var length) || length != 16
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != 16)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id <= 0)
        {
            return false;
        }

        cursor = new PostCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
