using Pulse.Contracts.Events;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Cuts an ordered event stream into batches of at most a size and a time span, and now and then
/// resends a batch, whole or its tail, with the same ids, as a client does when an answer is lost.
/// </summary>
public static class Batcher
{
    public static IEnumerable<TrafficBatch> Cut(IEnumerable<IngestEvent> events, int size, TimeSpan maxSpan, double retryShare, Random random)
    {
        var batch = new List<IngestEvent>(size);
        foreach (var e in events)
        {
            if (batch.Count > 0 && (batch.Count == size || e.Timestamp!.Value - batch[0].Timestamp!.Value > maxSpan))
            {
                foreach (var sent in WithRetry(batch, retryShare, random))
                {
                    yield return sent;
                }
                batch = new List<IngestEvent>(size);
            }
            batch.Add(e);
        }
        if (batch.Count > 0)
        {
            foreach (var sent in WithRetry(batch, retryShare, random))
            {
                yield return sent;
            }
        }
    }

    private static IEnumerable<TrafficBatch> WithRetry(List<IngestEvent> events, double retryShare, Random random)
    {
        var original = new TrafficBatch(events, events[^1].Timestamp!.Value, IsRetry: false);
        yield return original;
        if (random.NextDouble() < retryShare)
        {
            // Half the retries resend everything; the others the tail the client never saw acknowledged.
            var skip = random.NextDouble() < 0.5 || events.Count == 1 ? 0 : random.Next(1, events.Count);
            yield return original with { Events = events[skip..], IsRetry = true };
        }
    }
}
