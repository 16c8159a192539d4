namespace Pulse.Contracts;

/// <summary>
/// The configuration that asks the migration service for seed data; the AppHost sets it, the
/// migration service reads it.
/// </summary>
public static class SeedSettings
{
    public const string SectionName = "Pulse:Seed";

    /// <summary>none, small, demo or large.</summary>
    public const string ScaleKey = SectionName + ":Scale";

    /// <summary>Days of analytics aggregates to generate with the seed; 0 (the default) for none.</summary>
    public const string ActivityDaysKey = SectionName + ":ActivityDays";

    /// <summary>The scale that means "do not seed".</summary>
    public const string NoSeed = "none";

    /// <summary>A configuration key as an environment variable (':' becomes '__').</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
