using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Realtime;

/// <summary>Dedupe, trending and caching settings of the real-time path, from <c>Pulse:Realtime</c>.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Pulse:Realtime";

    /// <summary>An event id seen within this window is not counted again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Time after which an interaction counts half as much towards the decayed trending score.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TrendingHalfLife { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How many half-lives after the epoch every decayed score is scaled back and the epoch moved
    /// (new scores grow by 2^n until then; 16 keeps them under 65,536 times a weight).
    /// </summary>
    [Range(1, 200)]
    public int RebaseAfterHalfLives { get; set; } = 16;

    /// <summary>At a rebase, posts whose decayed score fell below this leave the set (a view's weight 1 is there after ~10 idle half-lives).</summary>
    [Range(0, 1)]
    public double DropDecayedBelow { get; set; } = 0.001;

    /// <summary>How long a merged 1h/24h window is served before it is merged again from the hour buckets.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan WindowCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a post's author handle and excerpt are cached for the trending boards.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PostDetailsCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Backpressure: once the event stream holds this many entries (the Ingestor is behind or a
    /// sink is down), new batches are refused, and clients retry, instead of Redis growing without
    /// bound. 0 turns the cap off.
    /// </summary>
    [Range(0, 100_000_000)]
    public long StreamBacklogCap { get; set; } = 500_000;
}
