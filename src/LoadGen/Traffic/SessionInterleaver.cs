using Pulse.Contracts.Events;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Merges many concurrent sessions into one stream in time order: a session is written when its start
/// comes up, and its events wait in a queue until every earlier event has gone.
/// </summary>
public static class SessionInterleaver
{
    public static IEnumerable<IngestEvent> Interleave(IEnumerable<DateTimeOffset> starts, Func<DateTimeOffset, List<IngestEvent>> writeSession)
    {
        var pending = new PriorityQueue<IngestEvent, (DateTimeOffset At, long Order)>();
        long order = 0;
        foreach (var start in starts)
        {
            while (pending.TryPeek(out var next, out var key) && key.At < start)
            {
                pending.Dequeue();
                yield return next;
            }
            foreach (var e in writeSession(start))
            {
                pending.Enqueue(e, (e.Timestamp!.Value, order++));
            }
        }
        while (pending.TryDequeue(out var rest, out _))
        {
            yield return rest;
        }
    }
}
