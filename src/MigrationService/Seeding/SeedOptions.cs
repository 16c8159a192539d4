using Pulse.Contracts;
using Pulse.Data.Seeding;

namespace Pulse.MigrationService.Seeding;

/// <summary>Configuration section <c>Pulse:Seed</c>: which seed to load after migrating, if any.</summary>
public sealed class SeedOptions
{
    /// <summary><c>none</c> (the default), <c>small</c>, <c>demo</c> or <c>large</c>.</summary>
    public string Scale { get; set; } = SeedSettings.NoSeed;

    /// <summary>Days of analytics aggregates to generate too; 0 for none.</summary>
    public int ActivityDays { get; set; }

    public int RandomSeed { get; set; } = SeedRequest.DefaultRandomSeed;

    /// <summary>What to load, or null when seeding is off. Valid options only (see <see cref="SeedOptionsValidator"/>).</summary>
    public SeedRequest? ToRequest() =>
        SeedScale.TryParse(Scale, out var scale) ? new SeedRequest(scale, RandomSeed, ActivityDays) : null;
}
