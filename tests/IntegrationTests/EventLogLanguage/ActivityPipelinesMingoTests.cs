using MongoDB.Bson;
using Pulse.Api.EventAnalytics;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// The activity reports' pipelines, as the driver renders them, evaluated by mingo over
/// sink-written documents, and shaped by the Api's own <see cref="EventLogAnswers"/>. The fixture
/// and the hand-worked answers are those of EventAnalyticsMongoTests (the real-server check):
///
///  #  user  type          post  target  time (D+)  device           country
///  1  1     post_view     10            09:00      mobile / iOS     US
///  2  1     post_like     10            09:30      mobile / iOS     US
///  3  2     post_view     10            10:00      desktop/Windows  GB
///  4  2     post_view     11            10:15      desktop/Windows  GB
///  5  3     post_view     10            23:00      mobile / Android -
///  6  3     session_start               23:00      -                US
///  7  1     profile_view        2       09:45      mobile / iOS     US
///  8  1     search                      09:30      -                -
///  9  1     post_view     10            D-1 23:00  mobile / iOS     US   (before the range)
/// </summary>
public sealed class ActivityPipelinesMingoTests
{
    internal static readonly List<BsonDocument> Documents = Of(
        Event(1, 1, "post_view", At(9), post: 10, device: Mobile, country: "US"),
        Event(2, 1, "post_like", At(9, 30), post: 10, device: Mobile, country: "US"),
        Event(3, 2, "post_view", At(10), post: 10, device: Desktop, country: "GB"),
        Event(4, 2, "post_view", At(10, 15), post: 11, device: Desktop, country: "GB"),
        Event(5, 3, "post_view", At(23), post: 10, device: new("mobile", "Android", null)),
        Event(6, 3, "session_start", At(23), country: "US"),
        Event(7, 1, "profile_view", At(9, 45), target: 2, device: Mobile, country: "US"),
        Event(8, 1, "search", At(9, 30)),
        Event(9, 1, "post_view", At(-1), post: 10, device: Mobile, country: "US"));

    private static readonly EventRange DayD = new(Day, Day.AddDays(1));

    [Fact]
    public async Task Devices_count_events_and_distinct_users_per_device_type_and_os()
    {
        var rows = EventLogAnswers.Devices(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByDevice(new EventFilter(DayD))));

        // Ties in events break on the group key, and null orders before any string.
        MingoDifferences.AssertComparedInNameOrder(Mingo.Render(ActivityPipelines.ByDevice(new EventFilter(DayD)))[2]["$group"]["_id"].AsBsonDocument);
        Assert.Equal(
            [("mobile", "iOS", 3L, 1L), (null, null, 2L, 2L), ("desktop", "Windows", 2L, 1L), ("mobile", "Android", 1L, 1L)],
            rows.Select(row => (row.DeviceType, row.Os, row.Events, row.Users)));
    }

    [Fact]
    public async Task Devices_for_one_type()
    {
        var rows = EventLogAnswers.Devices(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByDevice(new EventFilter(DayD, Type: "post_view"))));

        Assert.Equal(
            [("desktop", "Windows", 2L, 1L), ("mobile", "Android", 1L, 1L), ("mobile", "iOS", 1L, 1L)],
            rows.Select(row => (row.DeviceType, row.Os, row.Events, row.Users)));
    }

    [Fact]
    public async Task Countries_count_events_and_distinct_users()
    {
        var rows = EventLogAnswers.Countries(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByCountry(new EventFilter(DayD))));

        Assert.Equal([("US", 4L, 2L), (null, 2L, 2L), ("GB", 2L, 1L)], rows.Select(row => (row.Country, row.Events, row.Users)));
    }

    [Fact]
    public async Task Countries_of_one_post()
    {
        var rows = EventLogAnswers.Countries(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByCountry(new EventFilter(DayD, PostId: 10))));

        // #1, #2 (US, user 1), #3 (GB), #5 (no geo); #4 is post 11, #9 before the range.
        Assert.Equal([("US", 2L, 1L), (null, 1L, 1L), ("GB", 1L, 1L)], rows.Select(row => (row.Country, row.Events, row.Users)));
    }

    [Fact]
    public async Task Hours_cover_the_whole_day_in_utc()
    {
        var rows = EventLogAnswers.Hours(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByHour(new EventFilter(DayD))));

        Assert.Equal(Enumerable.Range(0, 24), rows.Select(row => row.Hour));
        Assert.Equal([(9, 4L, 1L), (10, 2L, 1L), (23, 2L, 1L)], rows.Where(row => row.Events > 0).Select(row => (row.Hour, row.Events, row.Users)));
    }

    [Fact]
    public async Task Type_mix_for_one_post()
    {
        var rows = EventLogAnswers.Types(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByType(new EventFilter(DayD, PostId: 10))));

        Assert.Equal([("post_view", 3L, 3L, 0.75), ("post_like", 1L, 1L, 0.25)], rows.Select(row => (row.Type, row.Events, row.Users, row.Share)));
    }

    [Fact]
    public async Task Type_mix_for_a_set_of_posts()
    {
        var rows = EventLogAnswers.Types(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByType(new EventFilter(DayD, PostIds: [10, 11]))));

        Assert.Equal([("post_view", 4L, 3L, 0.8), ("post_like", 1L, 1L, 0.2)], rows.Select(row => (row.Type, row.Events, row.Users, row.Share)));
    }

    [Fact]
    public async Task Type_mix_over_all_events()
    {
        var rows = EventLogAnswers.Types(await Mingo.AggregateAsync(Documents, ActivityPipelines.ByType(new EventFilter(DayD))));

        // Four types tie at one event and one user: they order by type.
        Assert.Equal(
            [("post_view", 4L, 3L), ("post_like", 1L, 1L), ("profile_view", 1L, 1L), ("search", 1L, 1L), ("session_start", 1L, 1L)],
            rows.Select(row => (row.Type, row.Events, row.Users)));
        Assert.Equal(0.5, rows[0].Share);
    }
}
