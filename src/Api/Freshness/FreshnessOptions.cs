using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Freshness;

/// <summary>How the Api tells how fresh the PostgreSQL aggregates are, from <c>Pulse:Freshness</c>.</summary>
public sealed class FreshnessOptions
{
    public const string SectionName = "Pulse:Freshness";

    /// <summary>
    /// How long one inspection of the event stream answers every caller of this Api replica: a
    /// dashboard full of viewers costs Redis one inspection per period, not one per page view.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far behind the aggregates may fall before they count as behind, and the dashboard says so.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BehindThreshold { get; set; } = TimeSpan.FromSeconds(10);
}
