using Pulse.Contracts.Analytics;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Realtime;

namespace Pulse.Contracts.Reports;

/// <summary>
/// The cross-database report of <c>GET /api/reports/overview</c>: what is trending now (Redis), how
/// those posts and the platform did over the last <paramref name="Days"/> days (PostgreSQL), and
/// who engaged with them from where (MongoDB).
/// </summary>
/// <param name="Days">The window in whole UTC days, ending today.</param>
/// <param name="GeneratedAt">When the report was built; a cached report keeps its first time.</param>
/// <param name="Aggregates">
/// How fresh its PostgreSQL parts are: the aggregates' watermark, read just before PostgreSQL was
/// queried, so they hold every event accepted before it. Null in a report cached by an older Api.
/// </param>
public sealed record OverviewReport(
    int Days,
    DateTimeOffset GeneratedAt,
    LiveActivity Live,
    IReadOnlyList<ReportPost> Trending,
    PlatformTotals Totals,
    IReadOnlyList<DailyEngagement> Daily,
    EventBreakdown Events,
    AggregatesFreshness? Aggregates = null);

/// <summary>What Redis says about right now.</summary>
/// <param name="ActiveSessions">Sessions not yet expired or ended.</param>
/// <param name="EventsLast24Hours">Events accepted by the Api in the last 24 hours (whole minutes).</param>
public sealed record LiveActivity(long ActiveSessions, long EventsLast24Hours);

/// <summary>
/// One trending post: its place and live counters from Redis, and its engagement over the window
/// from PostgreSQL (null where PostgreSQL has no such post, or it had no engagement in the window).
/// </summary>
/// <param name="Engagement">Weighted engagement over the window.</param>
/// <param name="Rank">Rank by engagement among all posts over the window.</param>
/// <param name="RankWithinAuthor">Rank among the same author's posts over the window.</param>
/// <param name="DayOverDayGrowth">Today's engagement against yesterday's, as a fraction (0.5 = +50 %); null when yesterday had none.</param>
public sealed record ReportPost(
    int TrendingRank,
    long PostId,
    double TrendingScore,
    PostCounters Live,
    long? AuthorId,
    string? AuthorHandle,
    string? Excerpt,
    double? Engagement,
    long? Rank,
    long? RankWithinAuthor,
    double? DayOverDayGrowth);

/// <summary>The platform's size now and its engagement over the window.</summary>
public sealed record PlatformTotals(
    long Users,
    long Posts,
    long Follows,
    long Views,
    long Likes,
    long Comments,
    long Shares,
    double Engagement);

/// <summary>
/// Events on the trending posts over the window, from the event log. When MongoDB is absent or
/// down, <paramref name="Available"/> is false, <paramref name="Reason"/> says why and the lists
/// are empty: the rest of the report still stands.
/// </summary>
public sealed record EventBreakdown(
    bool Available,
    string? Reason,
    IReadOnlyList<DeviceActivity> Devices,
    IReadOnlyList<CountryActivity> Countries,
    IReadOnlyList<HourlyActivity> Hours);
