using Pulse.Data.Seeding;

namespace Pulse.UnitTests.Data.Seeding;

/// <summary>The small seed, generated once for the tests that only read it.</summary>
public sealed class SmallSeed
{
    public static readonly DateTimeOffset Anchor = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public const int ActivityDays = 14;

    public GeneratedSeed Seed { get; } = SeedGenerator.Generate(new SeedRequest(SeedScale.Small, ActivityDays: ActivityDays), Anchor);
}
