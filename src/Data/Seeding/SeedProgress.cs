namespace Pulse.Data.Seeding;

/// <summary>How far one phase of a seed load has come; callers render it (log lines, a progress bar).</summary>
/// <param name="Phase">A table's name, or <see cref="SeedPhases.Generate"/> / <see cref="SeedPhases.Analyze"/>.</param>
public readonly record struct SeedProgress(string Phase, long Done, long Total, TimeSpan Elapsed)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;

    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;
}

/// <summary>The phases of a load that are not one table's COPY.</summary>
public static class SeedPhases
{
    public const string Generate = "generate";
    public const string Analyze = "analyze";
}
