namespace Pulse.IntegrationTests.Data.Seeding;

/// <summary>A clock that always says the same time, so a test can generate exactly what the loader will.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
