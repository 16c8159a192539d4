using System.Net;
using Pulse.Contracts.Events;
using Pulse.LoadGen.Traffic;

namespace Pulse.LoadGen.Simulation;

/// <summary>
/// What the simulation sent and what the Api made of it. The unique accepted events are counted by
/// type and by post, once per id however often it was sent, so they can be compared with Pulse's
/// aggregates. A resend only ever repeats the batch just before it, so remembering that batch's ids is enough.
/// </summary>
public sealed class SimulationTally
{
    private readonly Lock gate = new();
    private readonly HashSet<Guid> lastAccepted = [];
    private readonly Queue<(DateTimeOffset At, int Events)> recent = new();

    public long Generated { get; private set; }

    public long Sent { get; private set; }

    public long RetriesSent { get; private set; }

    public long BackoffResends { get; private set; }

    public long AcceptedByApi { get; private set; }

    public long DuplicatesByApi { get; private set; }

    public long UniqueAccepted { get; private set; }

    public Dictionary<HttpStatusCode, long> RefusedBatches { get; } = [];

    public long RefusedEvents { get; private set; }

    public Dictionary<string, long> UniqueByType { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, Dictionary<string, long>> UniqueByPost { get; } = [];

    public string Status { get; set; } = "starting";

    public void Record(TrafficBatch batch, SendOutcome outcome, DateTimeOffset now)
    {
        lock (gate)
        {
            var count = batch.Events.Count;
            Generated += batch.IsRetry ? 0 : count;
            Sent += count * (1L + outcome.Resends);
            RetriesSent += batch.IsRetry ? count : 0;
            BackoffResends += outcome.Resends;
            if (outcome.Accepted is not { } accepted)
            {
                RefusedBatches[outcome.Status] = RefusedBatches.GetValueOrDefault(outcome.Status) + 1;
                RefusedEvents += count;
                return;
            }
            AcceptedByApi += accepted.Accepted;
            DuplicatesByApi += accepted.Duplicates;
            if (!batch.IsRetry)
            {
                lastAccepted.Clear();
            }
            foreach (var e in batch.Events)
            {
                if (lastAccepted.Add(e.Id!.Value))
                {
                    CountUnique(e);
                }
            }
            recent.Enqueue((now, accepted.Accepted));
        }
    }

    /// <summary>Events the Api accepted as new per second, over the last five seconds.</summary>
    public double CurrentRate(DateTimeOffset now)
    {
        lock (gate)
        {
            var window = TimeSpan.FromSeconds(5);
            while (recent.TryPeek(out var oldest) && now - oldest.At > window)
            {
                recent.Dequeue();
            }
            return recent.Sum(entry => entry.Events) / window.TotalSeconds;
        }
    }

    private void CountUnique(IngestEvent e)
    {
        UniqueAccepted++;
        var type = e.Type!;
        UniqueByType[type] = UniqueByType.GetValueOrDefault(type) + 1;
        if (e.PostId is { } postId)
        {
            if (!UniqueByPost.TryGetValue(postId, out var byType))
            {
                UniqueByPost[postId] = byType = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            byType[type] = byType.GetValueOrDefault(type) + 1;
        }
    }
}
