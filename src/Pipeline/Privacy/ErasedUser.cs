using System.Globalization;
using Pulse.Contracts.Privacy;
using StackExchange.Redis;

namespace Pulse.Pipeline.Privacy;

/// <summary>How a user was taken out: erased, or anonymised under <see cref="Pseudonym"/>.</summary>
public sealed record ErasedUser(string Mode, long? Pseudonym)
{
    private const char Separator = ':';

    public static ErasedUser Erased { get; } = new(ErasureModes.Erase, null);

    public static ErasedUser AnonymisedAs(long pseudonym) => new(ErasureModes.Anonymise, pseudonym);

    public bool IsErased => Mode == ErasureModes.Erase;

    /// <summary>The value kept in <see cref="Contracts.RedisKeys.ErasedUsers"/>.</summary>
    public RedisValue ToRedisValue() =>
        Pseudonym is { } pseudonym ? Mode + Separator + pseudonym.ToString(CultureInfo.InvariantCulture) : Mode;

    /// <exception cref="FormatException">Not a value <see cref="ToRedisValue"/> wrote.</exception>
    public static ErasedUser Parse(RedisValue value)
    {
        var text = value.ToString();
        if (text == ErasureModes.Erase)
        {
            return Erased;
        }
        var at = text.IndexOf(Separator, StringComparison.Ordinal);
        if (at > 0 && text[..at] == ErasureModes.Anonymise && long.TryParse(text.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pseudonym))
        {
            return AnonymisedAs(pseudonym);
        }
        throw new FormatException($"'{text}' in {Contracts.RedisKeys.ErasedUsers} is neither '{ErasureModes.Erase}' nor '{ErasureModes.Anonymise}:<id>'.");
    }
}
