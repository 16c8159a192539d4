using Pulse.Data.Seeding;

namespace Pulse.MigrationService.Seeding;

/// <summary>Logs a seed load's progress: each phase's start, every tenth of it, and its end, with rows per second.</summary>
internal sealed partial class SeedProgressLog(ILogger logger) : IProgress<SeedProgress>
{
    private string? phase;
    private int lastTenth = -1;

    public void Report(SeedProgress value)
    {
        if (value.Phase != phase)
        {
            (phase, lastTenth) = (value.Phase, -1);
        }
        var tenth = (int)(value.Fraction * 10);
        if (tenth == lastTenth)
        {
            return;
        }
        lastTenth = tenth;
        if (value.Phase is SeedPhases.Generate or SeedPhases.Analyze)
        {
            Step(logger, value.Phase, value.Done == value.Total ? $"done in {value.Elapsed.TotalSeconds:N2} s" : "started");
            return;
        }
        Progress(logger, value.Phase, value.Fraction * 100, value.Done, value.Total, value.RowsPerSecond);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding, {Phase}: {State}")]
    private static partial void Step(ILogger logger, string phase, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding {Phase}: {Percent:0}% ({Done:N0} of {Total:N0}), {RowsPerSecond:N0} rows/s")]
    private static partial void Progress(ILogger logger, string phase, double percent, long done, long total, double rowsPerSecond);
}
