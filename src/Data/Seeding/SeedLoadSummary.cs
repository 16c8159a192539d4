using System.Globalization;
using System.Text;

namespace Pulse.Data.Seeding;

public enum SeedOutcome
{
    /// <summary>The seed was loaded now.</summary>
    Loaded,

    /// <summary>The same scale had been loaded before; nothing changed.</summary>
    AlreadyLoaded,
}

/// <param name="Rows">Rows written (or generated, for <see cref="SeedPhases.Generate"/>).</param>
public sealed record SeedPhaseSummary(string Phase, long Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}

/// <summary>What a seed load did: rows per table and time per phase.</summary>
public sealed record SeedLoadSummary(SeedOutcome Outcome, string Scale, string Message, IReadOnlyList<SeedPhaseSummary> Phases, TimeSpan Elapsed)
{
    /// <summary>Rows written to the given table, zero if none.</summary>
    public long RowsIn(string table) => Phases.Where(phase => phase.Phase == table).Sum(phase => phase.Rows);

    /// <summary>The phases as a fixed-width table, one line each, with a total line.</summary>
    public string ToTable()
    {
        var culture = CultureInfo.InvariantCulture;
        var table = new StringBuilder();
        table.AppendLine(culture, $"{"phase",-22}{"rows",12}{"seconds",10}{"rows/s",12}");
        foreach (var phase in Phases)
        {
            table.AppendLine(culture, $"{phase.Phase,-22}{phase.Rows,12:N0}{phase.Elapsed.TotalSeconds,10:N2}{phase.RowsPerSecond,12:N0}");
        }
        var loaded = Phases.Where(phase => phase.Phase is not (SeedPhases.Generate or SeedPhases.Analyze)).Sum(phase => phase.Rows);
        var rate = Elapsed > TimeSpan.Zero ? loaded / Elapsed.TotalSeconds : 0;
        table.Append(culture, $"{"total",-22}{loaded,12:N0}{Elapsed.TotalSeconds,10:N2}{rate,12:N0}");
        return table.ToString();
    }
}
