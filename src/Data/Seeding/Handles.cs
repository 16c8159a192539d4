using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pulse.Data.Seeding;

/// <summary>
/// Turns names into handles the way people pick them ("ana_silva", "anasilva93", "asilva"), within
/// the users table's check (^[a-z0-9_]{3,30}$), never starting or ending with '_', and unique.
/// </summary>
internal sealed partial class Handles(Random random)
{
    public const int MaxLength = 30;

    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    [GeneratedRegex("^[a-z0-9_]{3,30}$")]
    public static partial Regex Format();

    /// <summary>The ASCII letters and digits of a name, lower-case; diacritics dropped, ß as ss.</summary>
    public static string Fold(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower))
            {
                builder.Append(lower);
            }
            else if (Ligatures.TryGetValue(lower, out var replacement))
            {
                builder.Append(replacement);
            }
        }
        return builder.ToString();
    }

    private static readonly Dictionary<char, string> Ligatures = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['ø'] = "o", ['œ'] = "oe", ['ł'] = "l", ['đ'] = "d", ['ı'] = "i", ['þ'] = "th",
    };

    /// <summary>A new handle for someone called <paramref name="first"/> <paramref name="last"/> (already folded).</summary>
    public string Claim(string first, string last)
    {
        var stem = Trim(Pattern(first, last));
        var candidate = stem;
        while (candidate.Length < 3 || !taken.Add(candidate))
        {
            candidate = WithSuffix(stem, random.Next(1, 10_000).ToString(CultureInfo.InvariantCulture));
        }
        return candidate;
    }

    private string Pattern(string first, string last) => random.Next(6) switch
    {
        0 => first + last,
        1 => first + "_" + last,
        2 => first + random.Next(70, 100).ToString(CultureInfo.InvariantCulture),
        3 => first[..Math.Min(1, first.Length)] + last,
        4 => last + "_" + first,
        _ => first + last[..Math.Min(1, last.Length)] + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture),
    };

    private static string WithSuffix(string handle, string suffix)
    {
        var stem = handle.Length + suffix.Length > MaxLength ? handle[..(MaxLength - suffix.Length)] : handle;
        return Trim(stem + suffix);
    }

    private static string Trim(string handle)
    {
        var trimmed = handle.Length > MaxLength ? handle[..MaxLength] : handle;
        return trimmed.Trim('_');
    }
}
