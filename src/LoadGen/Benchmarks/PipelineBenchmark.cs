using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Events;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Realtime;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>One offered rate: what the Api accepted, how fast it answered, and where the Ingestor's lag ended.</summary>
public sealed record RateStep(int OfferedPerSecond, double AcceptedPerSecond, int Refused, LatencySample Latency, long LagAtEnd, TimeSpan DrainTime)
{
    /// <summary>The Ingestor kept up: at the end it was less than two seconds of traffic behind.</summary>
    public bool LagBounded => LagAtEnd <= OfferedPerSecond * 2L;
}

/// <summary>
/// Drives the running Api like a client: batches at a paced, offered rate (measuring accept rate,
/// latency and the Ingestor's lag through <c>/api/admin/pipeline</c>), and the time from 202 to an
/// event being visible in the PostgreSQL aggregates (through <c>/api/analytics/users/{id}</c>).
/// </summary>
public sealed class PipelineBenchmark(HttpClient api, long[] users, long[] posts, long markerUser)
{
    private static readonly string[] Types =
    [
        EventTypes.PostView, EventTypes.PostView, EventTypes.PostView, EventTypes.PostView, EventTypes.PostLike,
        EventTypes.PostComment, EventTypes.PostShare, EventTypes.SessionStart, EventTypes.ProfileView, EventTypes.Search,
    ];

    public async Task<RateStep> OfferAsync(int ratePerSecond, TimeSpan duration, int batchSize, int maxInFlight, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var (accepted, refused) = (0L, 0);
        using var inFlight = new SemaphoreSlim(maxInFlight);
        var sends = new List<Task>();
        var interval = TimeSpan.FromSeconds((double)batchSize / ratePerSecond);
        var started = Stopwatch.GetTimestamp();
        var next = TimeSpan.Zero;
        while (next < duration)
        {
            var wait = next - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            next += interval;
            if (!await inFlight.WaitAsync(0, cancellationToken))
            {
                // The Api is slower than the offer: this batch is never sent, and counts as refused.
                Interlocked.Increment(ref refused);
                continue;
            }
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var response = await api.PostAsJsonAsync("/api/events", Batch(batchSize), cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        Interlocked.Add(ref accepted, batchSize);
                        lock (latencies)
                        {
                            latencies.Add(elapsed);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
                finally
                {
                    inFlight.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(sends);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var lag = await AggregatesLagAsync(cancellationToken);
        var drain = await DrainAsync(cancellationToken);
        return new RateStep(ratePerSecond, accepted / seconds, refused, new LatencySample([.. latencies]), lag, drain);
    }

    /// <summary>
    /// With background traffic at <paramref name="ratePerSecond"/>, sends <paramref name="markers"/>
    /// marker events one after another and times each from its 202 to the aggregates showing it.
    /// </summary>
    public async Task<LatencySample> FreshnessAsync(int ratePerSecond, int markers, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var background = OfferAsync(ratePerSecond, TimeSpan.FromHours(1), 100, 64, stop.Token);
        var freshness = new double[markers];
        try
        {
            var seen = await MarkerEventsAsync(cancellationToken);
            for (var i = 0; i < markers; i++)
            {
                var marker = new IngestRequest([new IngestEvent(Guid.CreateVersion7(), EventTypes.Search, markerUser, null, null, null, null, null, null)]);
                using var response = await api.PostAsJsonAsync("/api/events", marker, cancellationToken);
                response.EnsureSuccessStatusCode();
                var accepted = Stopwatch.GetTimestamp();
                seen++;
                while (await MarkerEventsAsync(cancellationToken) < seen)
                {
                    await Task.Delay(5, cancellationToken);
                }
                freshness[i] = Stopwatch.GetElapsedTime(accepted).TotalMilliseconds;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await background;
            }
            catch (OperationCanceledException)
            {
            }
        }
        return new LatencySample(freshness);
    }

    private async Task<long> MarkerEventsAsync(CancellationToken cancellationToken)
    {
        var summary = await api.GetFromJsonAsync<UserEngagementSummary>($"/api/analytics/users/{markerUser}?days=1", cancellationToken);
        return summary!.Events;
    }

    public async Task<long> AggregatesLagAsync(CancellationToken cancellationToken)
    {
        var status = await api.GetFromJsonAsync<PipelineStatus>("/api/admin/pipeline", cancellationToken);
        var group = status!.Groups.SingleOrDefault(g => g.Name == EventStreamNames.Groups.Aggregates);
        return group is null ? 0 : (group.Lag ?? 0) + group.Pending;
    }

    private async Task<TimeSpan> DrainAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (await AggregatesLagAsync(cancellationToken) > 0)
        {
            await Task.Delay(100, cancellationToken);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private IngestRequest Batch(int size)
    {
        var random = Random.Shared;
        var events = new IngestEvent?[size];
        for (var i = 0; i < size; i++)
        {
            var type = Types[random.Next(Types.Length)];
            var shape = EventRules.Shapes[type];
            events[i] = new IngestEvent(
                Guid.CreateVersion7(), type, users[random.Next(users.Length)],
                shape == EventShape.OnPost ? posts[random.Next(posts.Length)] : null,
                shape == EventShape.OnUser ? users[random.Next(users.Length)] : null,
                null, new EventDevice("mobile", "Android", "Chrome"), new EventGeo("DE", "Berlin"), null);
        }
        return new IngestRequest(events);
    }
}
