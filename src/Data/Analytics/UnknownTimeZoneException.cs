namespace Pulse.Data.Analytics;

/// <summary>A time zone that .NET knows but PostgreSQL does not (their zone databases can differ).</summary>
public sealed class UnknownTimeZoneException(string timeZone, Exception innerException)
    : Exception($"PostgreSQL does not know the time zone '{timeZone}'.", innerException)
{
    public string TimeZone { get; } = timeZone;
}
