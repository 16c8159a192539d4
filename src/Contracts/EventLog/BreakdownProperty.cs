using System.Text.Json.Serialization;

namespace Pulse.Contracts.EventLog;

/// <summary>An event property a two-property breakdown can group or filter by; on the wire by its name in <see cref="BreakdownProperties"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreakdownProperty>))]
public enum BreakdownProperty
{
    [JsonStringEnumMemberName(BreakdownProperties.DeviceTypeName)]
    DeviceType,

    [JsonStringEnumMemberName(BreakdownProperties.OsName)]
    Os,

    [JsonStringEnumMemberName(BreakdownProperties.BrowserName)]
    Browser,

    [JsonStringEnumMemberName(BreakdownProperties.CountryName)]
    Country,

    [JsonStringEnumMemberName(BreakdownProperties.TypeName)]
    Type,
}

/// <summary>The wire names of <see cref="BreakdownProperty"/> (query parameters and JSON) and the event-log field each one reads.</summary>
public static class BreakdownProperties
{
    public const string DeviceTypeName = "deviceType";
    public const string OsName = "os";
    public const string BrowserName = "browser";
    public const string CountryName = "country";
    public const string TypeName = "type";

    public static IReadOnlyList<BreakdownProperty> All { get; } = Enum.GetValues<BreakdownProperty>();

    /// <summary>The wire names, in <see cref="All"/>'s order, for messages that list them.</summary>
    public static string Names => string.Join(", ", All.Select(WireName));

    public static string WireName(this BreakdownProperty property) => property switch
    {
        BreakdownProperty.DeviceType => DeviceTypeName,
        BreakdownProperty.Os => OsName,
        BreakdownProperty.Browser => BrowserName,
        BreakdownProperty.Country => CountryName,
        BreakdownProperty.Type => TypeName,
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };

    /// <summary>The field of an event-log document (<see cref="EventLogFields"/>) that holds the property.</summary>
    public static string Field(this BreakdownProperty property) => property switch
    {
        BreakdownProperty.DeviceType => EventLogFields.DeviceType,
        BreakdownProperty.Os => EventLogFields.DeviceOs,
        BreakdownProperty.Browser => EventLogFields.DeviceBrowser,
        BreakdownProperty.Country => EventLogFields.GeoCountry,
        BreakdownProperty.Type => EventLogFields.Type,
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };

    /// <summary>The property with this wire name (exactly as spelled in <see cref="All"/>'s names).</summary>
    public static bool TryParse(string? name, out BreakdownProperty property)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.WireName(), name, StringComparison.Ordinal))
            {
                property = candidate;
                return true;
            }
        }
        property = default;
        return false;
    }
}
