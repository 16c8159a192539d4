using Pulse.Contracts.Analytics;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Reports;

namespace Pulse.WebTests.Support;

/// <summary>Contract values as the Api would answer them.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TrendingPost Trending(int rank, long postId, double score = 10) =>
        new(rank, postId, score, $"author{postId}", $"Post number {postId}");

    public static IReadOnlyList<TrendingPost> TrendingBoard(params long[] postIds) =>
        [.. postIds.Select((postId, index) => Trending(index + 1, postId, 100 - index))];

    public static PostCounters Counters(long postId, long views = 10) => new(postId, views, views / 2, views / 5, views / 10);

    public static IReadOnlyList<PostCounters> CountersFor(params long[] postIds) => [.. postIds.Select(id => Counters(id, id * 10))];

    public static EventActivity Activity(long eventsLast24Hours = 12_345, long activeSessions = 67) =>
        new([.. Enumerable.Range(0, 60).Select(minute => new MinuteCount(Now.AddMinutes(minute - 59), minute % 7))], eventsLast24Hours, activeSessions, Now);

    public static TopPost TopPost(long postId, long rank, long likes, double engagement, string author = "ann") =>
        new(postId, postId * 10, author, $"Post {postId}", likes * 10, likes, likes / 2, likes / 3, engagement, rank, 1);

    public static IReadOnlyList<DailyEngagement> Daily(int days = 7) =>
        [.. Enumerable.Range(0, days).Select(day => new DailyEngagement(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(day - days + 1), 100 + day, 10, 5, 2, 150 + day * 10, 140 + day * 5, day == 0 ? null : 0.05))];

    public static PlatformTotals Totals => new(Users: 1_000, Posts: 10_000, Follows: 9_876, Views: 50_000, Likes: 4_000, Comments: 900, Shares: 300, Engagement: 71_234.5);

    public static OverviewReport Report(int days = 7, bool eventsAvailable = false) => new(
        days,
        Now,
        new LiveActivity(ActiveSessions: 42, EventsLast24Hours: 5_432),
        [
            new ReportPost(1, 11, 99.5, Counters(11, 300), 110, "ann", "Hello", 500, 1, 1, 0.25),
            new ReportPost(2, 12, 80.1, Counters(12, 200), 120, "bob", "World", 400, 2, 1, -0.1),
        ],
        Totals,
        Daily(days),
        eventsAvailable
            ? new EventBreakdown(true, null, [new DeviceActivity("mobile", "iOS", 30, 10)], [new CountryActivity("NL", 20, 5)], [new HourlyActivity(9, 12, 4)])
            : new EventBreakdown(false, "The event store is not configured", [], [], []));

    public static PipelineStatus Pipeline(long deadLetters = 3) => new(
        "pulse:{p0}:events",
        250,
        deadLetters,
        [
            new ConsumerGroupStatus("eventlog", ConsumerGroupState.Paused, new GroupDecision(ConsumerGroupState.Paused, "MongoDB maintenance", "user:1:admin", Now),
                Exists: true, Lag: 12, Pending: 3, Consumers: 2, "1-1", 4.5, HoldsBackTrimming: true),
            new ConsumerGroupStatus("aggregates", ConsumerGroupState.Running, null, Exists: true, Lag: 0, Pending: 0, Consumers: 1, "1-2", 0, HoldsBackTrimming: false),
        ],
        Now);

    public static IReadOnlyList<DeadLetter> DeadLetters(int count = 3) =>
        [.. Enumerable.Range(1, count).Select(i => new DeadLetter($"9-{i}", "aggregates", $"1-{i}", """{"type":"post_view"}""", "constraint violated", 5, Now))];

    public static EventReport<T> EventReport<T>(params T[] rows) => new(Now.AddDays(-7), Now, null, null, rows);
}
