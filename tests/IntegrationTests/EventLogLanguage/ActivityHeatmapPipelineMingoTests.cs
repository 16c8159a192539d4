using MongoDB.Bson;
using Pulse.Api.EventAnalytics;
using Pulse.Contracts.Analytics;
using Pulse.Data.Analytics;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// The event-log heatmap, as the driver renders it, evaluated by mingo over sink-written documents
/// and read by the Api's own <see cref="EventHeatmapQuery.FromEventLog"/>. Day D (2026-11-16) is a
/// Monday (ISO weekday 1); the window is D to D+7, eight days:
///
///  user  time (UTC)          UTC cell   Kolkata (+05:30) cell
///  1     D 09:05, D 09:40    Mon 09     Mon 14 (the hour starts at 14:30)
///  2     D 09:10             Mon 09     Mon 14
///  1     D 23:30             Mon 23     Tue 04
///  3     D+1 12:00           Tue 12     Tue 17
///  2     D+7 09:20           Mon 09     Mon 14
///  4     D+8 09:00           (after the window)
///
/// UTC: Mon 09 has 4 events and 3 user-hours (users 1 and 2 on D, user 2 on D+7), Mon 23 and
/// Tue 12 one of each; Mon 09 is the best cell.
/// </summary>
public sealed class ActivityHeatmapPipelineMingoTests
{
    private static readonly List<BsonDocument> Documents = Of(
        Event(1, 1, "post_view", At(9, 5), post: 10), Event(2, 1, "post_like", At(9, 40), post: 10),
        Event(3, 2, "post_view", At(9, 10), post: 10),
        Event(4, 1, "session_start", At(23, 30)),
        Event(5, 3, "post_view", TimeSpan.FromDays(1) + At(12), post: 11),
        Event(6, 2, "post_view", TimeSpan.FromDays(7) + At(9, 20), post: 10),
        Event(7, 4, "post_view", TimeSpan.FromDays(8) + At(9), post: 10));

    private static readonly AnalyticsWindow Window = new(DateOnly.FromDateTime(Day.UtcDateTime).AddDays(7), 8);

    [Fact]
    public async Task In_utc_each_cell_counts_events_and_distinct_users_per_utc_hour_summed()
    {
        var heatmap = await HeatmapAsync(Documents, Window, userIds: null, "UTC", MingoDifferences.UtcAsOffset);

        Assert.Equal([(1, 9, 4L, 3L), (1, 23, 1L, 1L), (2, 12, 1L, 1L)], Busy(heatmap));
        Assert.Equal(168, heatmap.Cells.Count);
        Assert.Equal([(1, 9)], heatmap.Best.Select(cell => (cell.Weekday, cell.Hour)));
    }

    [Fact]
    public async Task In_a_half_hour_zone_each_utc_hour_counts_whole_in_the_local_hour_it_starts_in()
    {
        var heatmap = await HeatmapAsync(Documents, Window, userIds: null, "Asia/Kolkata", stages => [.. stages]);

        Assert.Equal([(1, 14, 4L, 3L), (2, 4, 1L, 1L), (2, 17, 1L, 1L)], Busy(heatmap));
    }

    [Fact]
    public async Task An_authors_audience_is_only_the_users_given()
    {
        var heatmap = await HeatmapAsync(Documents, Window, userIds: [1, 3], "UTC", MingoDifferences.UtcAsOffset);

        Assert.Equal([(1, 9, 2L, 1L), (1, 23, 1L, 1L), (2, 12, 1L, 1L)], Busy(heatmap));
    }

    [Fact]
    public async Task Berlins_02_hour_that_happens_twice_when_summer_time_ends_holds_both_utc_hours()
    {
        // 2026-10-25, a Sunday: 00:30 UTC is 02:30 summer time, 01:30 UTC is 02:30 winter time.
        var sunday = new DateOnly(2026, 10, 25);
        List<BsonDocument> documents = Of(
            Event(1, 1, "post_view", new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero) - Day, post: 10),
            Event(2, 1, "post_view", new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero) - Day, post: 10),
            Event(3, 2, "post_view", new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.Zero) - Day, post: 10));

        var heatmap = await HeatmapAsync(documents, new AnalyticsWindow(sunday, 1), userIds: null, "Europe/Berlin", stages => [.. stages]);

        Assert.Equal([(7, 2, 2L, 2L), (7, 3, 1L, 1L)], Busy(heatmap));
    }

    // mingo takes Olson names, daylight saving included (Europe/Berlin in July is +02:00, tried), but not "UTC".
    private static async Task<AudienceHeatmap> HeatmapAsync(
        List<BsonDocument> documents, AnalyticsWindow window, long[]? userIds, string zone, Func<IEnumerable<BsonDocument>, List<BsonDocument>> adapt)
    {
        var stages = adapt(Mingo.Render(ActivityHeatmapPipeline.Build(new EventRange(window.StartUtc(), window.EndUtc()), userIds, zone)));
        return EventHeatmapQuery.FromEventLog(null, window, zone, await Mingo.AggregateRenderedAsync(documents, stages));
    }

    private static List<(int, int, long, long)> Busy(AudienceHeatmap heatmap) =>
        [.. heatmap.Cells.Where(cell => cell.Events > 0).Select(cell => (cell.Weekday, cell.Hour, cell.Events, cell.UserHours))];
}
