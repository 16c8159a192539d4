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

    /// <summary>Retry-After sent with a 503 while the stream is over its backlog cap.</summary>
    [Range(1, 3_600)]
    public int BacklogRetryAfterSeconds { get; set; } = 5;
}
