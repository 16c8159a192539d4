using System.ComponentModel.DataAnnotations;
using Pulse.Contracts.Events;

namespace Pulse.Api.Events;

/// <summary>The ingest endpoint's settings (<c>Pulse:Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Pulse:Ingest";

    /// <summary>
    /// Oldest accepted timestamp. Keep it no longer than the Ingestor's dedupe retention, so an
    /// event too old to be deduplicated any more is also too old to be accepted again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxAge { get; set; } = EventWindow.DefaultMaxAge;

    /// <summary>How far ahead of the server's clock a timestamp may be (client clock skew).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxAhead { get; set; } = EventWindow.DefaultMaxAhead;

    /// <summary>How long an id found in PostgreSQL is remembered, so busy users and posts cost no query.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KnownIdCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most users and posts remembered as existing.</summary>
    [Range(0, 10_000_000)]
    public int KnownIdCacheSize { get; set; } = 500_000;

    /// <summary>Events per minute an API key may post unless its row says otherwise (<c>api_keys.events_per_minute</c>).</summary>
    [Range(EventsPerMinuteRange.Least, EventsPerMinuteRange.Most)]
    public int KeyEventsPerMinute { get; set; } = 600_000;

    /// <summary>Events per minute a signed-in user may post: one person's app, far below a collector's key.</summary>
    [Range(EventsPerMinuteRange.Least, EventsPerMinuteRange.Most)]
    public int SessionEventsPerMinute { get; set; } = 1_200;

    /// <summary>
    /// The most of the stream's backlog cap (<c>Pulse:Realtime:StreamBacklogCap</c>) one caller's
    /// events may fill while the Ingestor is behind: past it that caller gets 429 and the others
    /// keep their room. 1 lets one caller fill it all.
    /// </summary>
    [Range(0.01, 1.0)]
    public double CallerBacklogShare { get; set; } = 0.25;

    /// <summary>Retry-After sent with a 503 while the stream is over its backlog cap.</summary>
    [Range(1, 3_600)]
    public int BacklogRetryAfterSeconds { get; set; } = 5;
}

/// <summary>The range an events-per-minute budget may take.</summary>
public static class EventsPerMinuteRange
{
    public const int Least = 60;
    public const int Most = 100_000_000;
}
