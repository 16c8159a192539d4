using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Api.Events;

/// <summary>
/// The <c>Idempotency-Key</c> of a <c>POST /api/events</c> (IETF httpapi draft): a client that cannot
/// keep event ids names the batch instead, and the ids the Api mints for it derive from the key, the
/// caller and each event's place in the batch. A retry with the same key after an unknown outcome
/// (a timeout, a 503) mints the same ids, so the dedupe in Redis and PostgreSQL recognises them.
/// </summary>
public sealed record IdempotencyKey(string Caller, string Key)
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 255;

    /// <summary>
    /// The key from the header's value (a structured-field string, quotes optional), or null with
    /// <paramref name="problem"/> set when it is empty, too long or not printable ASCII.
    /// </summary>
    public static IdempotencyKey? Parse(string caller, string value, out string? problem)
    {
        var key = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        problem = key.Length is 0 or > MaxLength ? $"Must be 1 to {MaxLength} characters."
            : key.Any(c => c is < ' ' or > '~') ? "Must be printable ASCII."
            : null;
        return problem is null ? new IdempotencyKey(caller, key) : null;
    }

    /// <summary>
    /// The id of the batch's event at <paramref name="index"/>: a UUIDv8 (RFC 9562) from the SHA-256
    /// of the caller, the key and the index. Another caller's same key mints other ids.
    /// </summary>
    public Guid EventId(int index)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Caller}\n{Key}\n{index}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
