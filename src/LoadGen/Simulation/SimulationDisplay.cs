using System.Globalization;
using Spectre.Console;

namespace Pulse.LoadGen.Simulation;

/// <summary>The live progress table and the closing summary of a simulation.</summary>
public static class SimulationDisplay
{
    public static Table Progress(SimulationTally tally, TimeSpan elapsed, TimeSpan? duration, double rate, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("elapsed", "sent", "accepted", "duplicates", "refused", "rate now", "status");
        var of = duration is { } total ? $" / {total:hh\\:mm\\:ss}" : "";
        table.AddRow(
            $"{elapsed:hh\\:mm\\:ss}{of}",
            N(tally.Sent),
            N(tally.AcceptedByApi),
            N(tally.DuplicatesByApi),
            Refused(tally),
            $"{N(tally.CurrentRate(now))}/s of {N(rate)}/s",
            Markup.Escape(tally.Status));
        return table;
    }

    public static string ProgressLine(SimulationTally tally, TimeSpan elapsed, DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"{elapsed:hh\\:mm\\:ss} sent {N(tally.Sent)}, accepted {N(tally.AcceptedByApi)}, duplicates {N(tally.DuplicatesByApi)}, refused {Refused(tally)}, {N(tally.CurrentRate(now))} events/s; {tally.Status}");

    public static Table Summary(SimulationTally tally, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("simulate: summary").AddColumn("").AddColumn(new TableColumn("events").RightAligned());
        table.AddRow("generated", N(tally.Generated));
        table.AddRow("sent (every attempt)", N(tally.Sent));
        table.AddRow("accepted as new (Api)", N(tally.AcceptedByApi));
        table.AddRow("duplicates (Api)", N(tally.DuplicatesByApi));
        table.AddRow("retries sent (same ids)", N(tally.RetriesSent));
        table.AddRow("batches resent after 429/503", N(tally.BackoffResends));
        table.AddRow("refused", tally.RefusedEvents == 0 ? "0" : $"{N(tally.RefusedEvents)} ({Refused(tally)} batches)");
        table.AddRow("unique accepted (this tool)", N(tally.UniqueAccepted));
        table.AddRow("accepted per second", N(tally.AcceptedByApi / Math.Max(elapsed.TotalSeconds, 0.001)));
        foreach (var (type, count) in tally.UniqueByType.OrderByDescending(pair => pair.Value))
        {
            table.AddRow($"  {Markup.Escape(type)}", N(count));
        }
        return table;
    }

    private static string Refused(SimulationTally tally) => tally.RefusedBatches.Count == 0
        ? "0"
        : string.Join(", ", tally.RefusedBatches.OrderBy(pair => pair.Key).Select(pair => string.Create(CultureInfo.InvariantCulture, $"{(int)pair.Key}: {pair.Value}")));

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
