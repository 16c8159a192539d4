using Pulse.Contracts.Events;
using Pulse.Data.Seeding;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Realistic traffic over a <see cref="SocialGraph"/>: sessions by users of heavy-tailed activity,
/// interleaved in time, cut into batches, with some batches resent. Pure and deterministic: the same
/// graph, options and seed give the same batches, on every enumeration.
/// </summary>
public sealed class TrafficModel
{
    // Independent random streams, so that changing one part does not reshuffle the others.
    private const int PopularityStream = 101;
    private const int ActivityStream = 102;
    private const int ArrivalStream = 103;
    private const int SessionStream = 104;
    private const int BatchStream = 105;
    private const int CalibrationStream = 106;

    private const int CalibrationSessions = 2_000;
    private const double UserActivitySigma = 1.2;

    private readonly SocialGraph graph;
    private readonly int seed;
    private readonly AliasTable activeUsers;

    public TrafficModel(SocialGraph graph, TrafficOptions options, int seed)
    {
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        if (graph.UserCount == 0 || graph.PostCount == 0)
        {
            throw new ArgumentException("Traffic needs at least one user and one post.", nameof(graph));
        }
        this.graph = graph;
        this.seed = seed;
        Options = options;
        Popularity = new PostPopularity(graph.PostCount, options.ZipfExponent, RandomStreams.For(seed, PopularityStream));
        var activity = RandomStreams.For(seed, ActivityStream);
        activeUsers = new AliasTable([.. Enumerable.Range(0, graph.UserCount).Select(_ => activity.LogNormal(1, UserActivitySigma))]);
        (MeanEventsPerSession, WarmUp) = Calibrate();
    }

    public TrafficOptions Options { get; }

    public PostPopularity Popularity { get; }

    /// <summary>Measured on a sample of sessions; turns an event rate into a session rate.</summary>
    public double MeanEventsPerSession { get; }

    /// <summary>How long 99% of sessions last: traffic starts this far back, so it opens at full rate.</summary>
    public TimeSpan WarmUp { get; }

    /// <summary>
    /// Events between <paramref name="from"/> and <paramref name="to"/>, about
    /// <paramref name="eventsPerSecond"/> on average, session starts shaped by the diurnal curve; batches are full-size.
    /// </summary>
    public IEnumerable<TrafficBatch> Historical(DateTimeOffset from, DateTimeOffset to, double eventsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(eventsPerSecond, 0);
        var starts = SessionArrivals.Diurnal(from - WarmUp, to, eventsPerSecond / MeanEventsPerSession, Options.Diurnal, RandomStreams.For(seed, ArrivalStream));
        return Batches(starts, from, to, TimeSpan.MaxValue);
    }

    /// <summary>
    /// Endless traffic from <paramref name="start"/> on at about <paramref name="eventsPerSecond"/>
    /// (flat, or with <paramref name="diurnal"/> shaped by the hour-of-day curve, the rate being the
    /// day's mean), in batches that span at most <see cref="TrafficOptions.MaxBatchSpan"/>; send each
    /// at its <see cref="TrafficBatch.DueAt"/>.
    /// </summary>
    public IEnumerable<TrafficBatch> Live(DateTimeOffset start, double eventsPerSecond, bool diurnal = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(eventsPerSecond, 0);
        var random = RandomStreams.For(seed, ArrivalStream);
        var sessionsPerSecond = eventsPerSecond / MeanEventsPerSession;
        var starts = diurnal
            ? SessionArrivals.Diurnal(start - WarmUp, DateTimeOffset.MaxValue.AddYears(-1), sessionsPerSecond, Options.Diurnal, random)
            : SessionArrivals.Flat(start - WarmUp, sessionsPerSecond, random);
        return Batches(starts, start, DateTimeOffset.MaxValue, Options.MaxBatchSpan);
    }

    /// <summary>Whole sessions of users drawn by activity, all starting at <paramref name="start"/>, one after another.</summary>
    public IEnumerable<List<IngestEvent>> Sessions(DateTimeOffset start, int count, int sessionSeed)
    {
        var random = new Random(sessionSeed);
        var writer = new SessionWriter(graph, Options, Popularity);
        for (var i = 0; i < count; i++)
        {
            yield return writer.Write(activeUsers.Sample(random), start, random);
        }
    }

    private IEnumerable<TrafficBatch> Batches(IEnumerable<DateTimeOffset> starts, DateTimeOffset from, DateTimeOffset to, TimeSpan maxSpan)
    {
        var random = RandomStreams.For(seed, SessionStream);
        var writer = new SessionWriter(graph, Options, Popularity);
        var events = SessionInterleaver.Interleave(starts, start => SessionClip.Clip(writer.Write(activeUsers.Sample(random), start, random), from, to));
        return Batcher.Cut(events, Options.BatchSize, maxSpan, Options.RetryShare, RandomStreams.For(seed, BatchStream));
    }

    private (double MeanEvents, TimeSpan WarmUp) Calibrate()
    {
        // Once every post is published, so no view is given up for a post that does not exist yet.
        var origin = graph.LastPublishedAt;
        var sessions = Sessions(origin, CalibrationSessions, RandomStreams.Derive(seed, CalibrationStream)).ToArray();
        var durations = sessions.Select(session => session[^1].Timestamp!.Value - origin).Order().ToArray();
        return (sessions.Average(session => session.Count), durations[(int)(durations.Length * 0.99)]);
    }
}
