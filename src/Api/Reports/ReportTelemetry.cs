using System.Diagnostics;
using Pulse.ServiceDefaults;

namespace Pulse.Api.Reports;

/// <summary>The reports' spans, under Pulse's Api ActivitySource, and their tags.</summary>
public static class ReportTelemetry
{
    public static ActivitySource ActivitySource => ApiActivitySource.Instance;

    public const string OverviewSpan = "overview report";

    public const string DaysTag = "pulse.report.days";
    public const string FreshTag = "pulse.report.fresh";
    public const string CacheHitTag = "pulse.report.cache_hit";
    public const string EventsAvailableTag = "pulse.report.events_available";
    public const string TrendingPostsTag = "pulse.report.trending_posts";
}
