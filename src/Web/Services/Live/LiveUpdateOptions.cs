using System.ComponentModel.DataAnnotations;

namespace Pulse.Web.Services.Live;

/// <summary>How often pages re-fetch what a trending change makes stale (<c>Pulse:Live</c>).</summary>
public sealed class LiveUpdateOptions
{
    public const string SectionName = "Pulse:Live";

    /// <summary>At most one re-fetch of the trending list and its counters per interval, per page.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TrendingRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most one re-fetch of activity, KPIs and pipeline figures per interval, per page.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ActivityRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>KPIs and charts also refresh this often when nothing is pushed (a quiet platform still ages).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QuietRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While an erasure job is unfinished, the privacy page re-reads the jobs this often (and not at all once every job is done).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ErasureRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
