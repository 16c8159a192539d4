using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport;

namespace Pulse.IntegrationTests.FaultInjection;

/// <summary>
/// A client that sends a steady stream of batches, keeps every event id it minted, and sends a
/// batch again, with the same ids, until it gets 202: what a well-behaved client does through a
/// fault. <see cref="Accepted"/> is the ground truth: every event whose batch got a 202.
/// </summary>
public sealed class SteadyFeed(HttpClient client, EventFeed feed, int batchSize, TimeSpan interval)
{
    /// <summary>How long one batch may keep being refused before the test gives up on the fault ending.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan ResendAfter = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<Guid, IngestEvent> accepted = [];
    private int resends;

    public IReadOnlyCollection<IngestEvent> Accepted
    {
        get
        {
            lock (accepted)
            {
                return [.. accepted.Values];
            }
        }
    }

    public int AcceptedCount
    {
        get
        {
            lock (accepted)
            {
                return accepted.Count;
            }
        }
    }

    /// <summary>Batches sent again after a refusal or a broken connection.</summary>
    public int Resends => Volatile.Read(ref resends);

    /// <summary>Sends a batch every <c>interval</c> until <paramref name="stop"/>; the batch in flight is always seen through to its 202.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await SendUntilAcceptedAsync(feed.Batches(1, batchSize, TimeSpan.FromHours(2))[0]);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async Task SendUntilAcceptedAsync(IngestRequest batch)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/api/events", batch, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    lock (accepted)
                    {
                        foreach (var @event in batch.Events!)
                        {
                            accepted[@event!.Id!.Value] = @event;
                        }
                    }
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // The Api died mid-request, or did not answer in time: whether Redis took the batch
                // or not, sending it again with the same ids counts it once.
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"A batch was refused for {GiveUpAfter.TotalMinutes} minutes: the fault did not end.");
            }
            Interlocked.Increment(ref resends);
            await Task.Delay(ResendAfter, CancellationToken.None);
        }
    }

    /// <summary>Waits until <paramref name="more"/> events beyond those accepted now have been accepted.</summary>
    public async Task WaitForMoreAsync(int more, TimeSpan timeout, string what)
    {
        var target = AcceptedCount + more;
        await Eventually.ReturnsAsync(() => Task.FromResult(AcceptedCount), count => count >= target, timeout, what);
    }
}
