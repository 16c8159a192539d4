using System.Globalization;
using Pulse.Api.Problems;

namespace Pulse.Api.Realtime;

/// <summary>Parses a comma-separated list of post ids (<c>postIds=1,2,3</c>).</summary>
public static class PostIdList
{
    public const int MaxPosts = 100;

    /// <returns>The distinct ids in the order given, or null with the reasons in <paramref name="errors"/>.</returns>
    public static IReadOnlyList<long>? Parse(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"Give 1 to {MaxPosts} post ids, separated by commas.");
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxPosts)
        {
            errors.Add(field, $"At most {MaxPosts} post ids; got {parts.Length}.");
            return null;
        }

        var ids = new List<long>(parts.Length);
        foreach (var part in parts)
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                errors.Add(field, $"'{part}' is not a positive post id.");
            }
            else if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }
        return errors.Any ? null : ids;
    }
}
