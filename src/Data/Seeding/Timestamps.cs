namespace Pulse.Data.Seeding;

internal static class Timestamps
{
    /// <summary>PostgreSQL keeps microseconds; truncating here makes what is loaded equal what was generated.</summary>
    public static DateTimeOffset ToMicroseconds(this DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
