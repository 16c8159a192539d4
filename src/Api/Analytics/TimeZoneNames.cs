namespace Pulse.Api.Analytics;

/// <summary>Which time zones the analytics endpoints accept: IANA names, which PostgreSQL and MongoDB both know.</summary>
public static class TimeZoneNames
{
    public const string Default = "UTC";

    public const string Message = "Not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York).";

    /// <summary>
    /// True for a zone .NET finds by its IANA name. .NET also maps Windows names (W. Europe Standard
    /// Time) to IANA zones, which the databases would not understand, so those are refused.
    /// </summary>
    public static bool IsKnown(string? name) =>
        !string.IsNullOrWhiteSpace(name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && zone.HasIanaId;
}
