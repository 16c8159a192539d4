using System.Diagnostics;
using System.Threading.Channels;
using Pulse.LoadGen.Simulation;
using Pulse.LoadGen.Traffic;

namespace Pulse.LoadGen.Seeding;

/// <summary>What sending the historical events came to.</summary>
public sealed record HistoricalSummary(long Sent, long Accepted, long Duplicates, long RefusedEvents, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Accepted / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Sends a model's historical batches through <c>POST /api/events</c> with several requests in
/// flight, like several clients: every store and aggregate is filled by the real path.
/// </summary>
public sealed class HistoricalEvents(EventSender sender, int concurrency)
{
    private long sent;
    private long accepted;
    private long duplicates;
    private long refused;

    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Sends batches until <paramref name="target"/> events have been queued.</summary>
    public async Task<HistoricalSummary> SendAsync(IEnumerable<TrafficBatch> batches, long target, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var queue = Channel.CreateBounded<TrafficBatch>(concurrency * 2);
        var producer = Task.Run(async () =>
        {
            try
            {
                long queued = 0;
                foreach (var batch in batches)
                {
                    if (queued >= target)
                    {
                        break;
                    }
                    await queue.Writer.WriteAsync(batch, cancellationToken);
                    queued += batch.Events.Count;
                }
            }
            finally
            {
                queue.Writer.Complete();
            }
        }, cancellationToken);

        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                var outcome = await sender.SendAsync(batch.Events, cancellationToken);
                if (outcome.Accepted is { } answer)
                {
                    Interlocked.Add(ref accepted, answer.Accepted);
                    Interlocked.Add(ref duplicates, answer.Duplicates);
                }
                else
                {
                    Interlocked.Add(ref refused, batch.Events.Count);
                }
                Interlocked.Add(ref sent, batch.Events.Count);
            }
        }, cancellationToken)).ToList();

        await Task.WhenAll([producer, .. workers]);
        return new HistoricalSummary(Sent, Interlocked.Read(ref accepted), Interlocked.Read(ref duplicates), Interlocked.Read(ref refused),
            Stopwatch.GetElapsedTime(started));
    }
}
