namespace Pulse.Contracts.EventLog;

/// <summary>
/// Events and distinct users by two properties at once (<paramref name="By"/>, then
/// <paramref name="Then"/>) over <paramref name="From"/> (inclusive) to <paramref name="To"/>
/// (exclusive): the <paramref name="Limit"/> cells with the most events, most first, and
/// <paramref name="Other"/> summing the rest (null when there is no rest).
/// </summary>
public sealed record EventBreakdownReport(
    DateTimeOffset From,
    DateTimeOffset To,
    BreakdownProperty By,
    BreakdownProperty Then,
    long? PostId,
    BreakdownFilters Filters,
    int Limit,
    IReadOnlyList<BreakdownCell> Cells,
    BreakdownOther? Other);

/// <summary>One pair of values: null where events did not say.</summary>
public sealed record BreakdownCell(string? First, string? Second, long Events, long Users);

/// <summary>
/// The cells beyond the limit together: how many, their events, and their distinct users (exact:
/// a user in several of them counts once, so this can be less than their users summed).
/// </summary>
public sealed record BreakdownOther(long Cells, long Events, long Users);

/// <summary>Equality filters of a breakdown, each optional; a grouped property cannot also be filtered.</summary>
public sealed record BreakdownFilters(string? DeviceType = null, string? Os = null, string? Browser = null, string? Country = null, string? Type = null)
{
    public string? For(BreakdownProperty property) => property switch
    {
        BreakdownProperty.DeviceType => DeviceType,
        BreakdownProperty.Os => Os,
        BreakdownProperty.Browser => Browser,
        BreakdownProperty.Country => Country,
        BreakdownProperty.Type => Type,
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };
}
