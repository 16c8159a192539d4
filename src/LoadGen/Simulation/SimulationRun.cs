using Pulse.LoadGen.Traffic;
using Spectre.Console;

namespace Pulse.LoadGen.Simulation;

/// <summary>
/// Sends live traffic: each batch once the clock reaches its newest event, one batch at a time (a
/// back-off holds everything back, as it should), until the duration is over or it is cancelled.
/// </summary>
public sealed class SimulationRun(TrafficModel model, EventSender sender, SimulationTally tally, double rate, TimeSpan? duration, bool diurnal = false)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);

    public async Task RunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Live(new Text("")).AutoClear(false).StartAsync(async live =>
                await SendAsync(startedAt, () => live.UpdateTarget(SimulationDisplay.Progress(tally, DateTimeOffset.UtcNow - startedAt, duration, rate, DateTimeOffset.UtcNow)), RefreshEvery, cancellationToken));
        }
        else
        {
            await SendAsync(startedAt, () => Console.WriteLine(SimulationDisplay.ProgressLine(tally, DateTimeOffset.UtcNow - startedAt, DateTimeOffset.UtcNow)), LogEvery, cancellationToken);
        }
    }

    private async Task SendAsync(DateTimeOffset startedAt, Action show, TimeSpan showEvery, CancellationToken cancellationToken)
    {
        var end = duration is { } d ? startedAt + d : DateTimeOffset.MaxValue;
        var shownAt = DateTimeOffset.MinValue;
        try
        {
            foreach (var batch in model.Live(startedAt, rate, diurnal))
            {
                if (batch.DueAt > end)
                {
                    break;
                }
                var wait = batch.DueAt - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    tally.Status = "sending";
                    await Task.Delay(wait, cancellationToken);
                }
                var outcome = await sender.SendAsync(batch.Events, cancellationToken);
                tally.Status = "sending";
                var now = DateTimeOffset.UtcNow;
                tally.Record(batch, outcome, now);
                if (now - shownAt >= showEvery)
                {
                    show();
                    shownAt = now;
                }
            }
            tally.Status = "done";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the batch in flight may or may not have been accepted; it is not counted.
            tally.Status = "cancelled";
        }
        show();
    }
}
