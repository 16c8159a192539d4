using MongoDB.Bson;
using Pulse.Api.EventAnalytics;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// The two-property breakdown's pipeline, as the driver renders it, evaluated by mingo over
/// sink-written documents and shaped by the Api's <see cref="EventLogAnswers.Breakdown"/>:
///
///  #  user  type           post  device (type / OS / browser)  country
///  1  1     post_view      10    mobile / iOS / Safari         US
///  2  1     post_view      10    mobile / iOS / Safari         US
///  3  2     post_view      10    mobile / Android / Chrome     US
///  4  3     post_view      10    desktop / Windows / Edge      US
///  5  3     post_like      10    desktop / Windows / Edge      US
///  6  4     post_view      11    desktop / Windows / Edge      DE
///  7  4     post_view      11    mobile / Android / Chrome     DE
///  8  5     post_view      10    -                             DE
///  9  4     post_view      10    tablet / iOS / Safari         GB
/// 10  5     session_start        -                             -
/// 11  2     post_view      10    mobile / Android / Chrome     US   (the day before: outside the range)
///
/// By country then device type, the cells in rank order (most events first; ties by the values,
/// null first) are: (US, mobile) 3 events 2 users; (US, desktop) 2, 1; then one event each:
/// (null, null) user 5, (DE, null) user 5, (DE, desktop) user 4, (DE, mobile) user 4, (GB, tablet) user 4.
/// </summary>
public sealed class BreakdownPipelineMingoTests
{
    private static readonly EventDevice Android = new("mobile", "Android", "Chrome");

    private static readonly List<BsonDocument> Documents = Of(
        Event(1, 1, "post_view", At(9), post: 10, device: Mobile, country: "US"),
        Event(2, 1, "post_view", At(10), post: 10, device: Mobile, country: "US"),
        Event(3, 2, "post_view", At(11), post: 10, device: Android, country: "US"),
        Event(4, 3, "post_view", At(12), post: 10, device: Desktop, country: "US"),
        Event(5, 3, "post_like", At(13), post: 10, device: Desktop, country: "US"),
        Event(6, 4, "post_view", At(14), post: 11, device: Desktop, country: "DE"),
        Event(7, 4, "post_view", At(15), post: 11, device: Android, country: "DE"),
        Event(8, 5, "post_view", At(16), post: 10, country: "DE"),
        Event(9, 4, "post_view", At(17), post: 10, device: new("tablet", "iOS", "Safari"), country: "GB"),
        Event(10, 5, "session_start", At(18)),
        Event(11, 2, "post_view", At(-1), post: 10, device: Android, country: "US"));

    private static readonly EventRange DayD = new(Day, Day.AddDays(1));

    [Fact]
    public async Task The_top_cells_come_in_rank_order_and_other_counts_each_of_its_users_once()
    {
        var answer = await BreakdownAsync(new EventFilter(DayD), BreakdownProperty.Country, BreakdownProperty.DeviceType, new BreakdownFilters(), limit: 3);

        Assert.Equal([("US", "mobile", 3L, 2L), ("US", "desktop", 2L, 1L), (null, null, 1L, 1L)], Cells(answer));
        // Four cells of one event each; users 5, 5, 4 and 4: two distinct, where the cells' users sum to four.
        Assert.Equal(new BreakdownOther(Cells: 4, Events: 4, Users: 2), answer.Other);
    }

    [Fact]
    public async Task Within_the_limit_every_cell_is_shown_and_there_is_no_other()
    {
        var answer = await BreakdownAsync(new EventFilter(DayD), BreakdownProperty.Country, BreakdownProperty.DeviceType, new BreakdownFilters(), limit: 20);

        Assert.Equal(
            [
                ("US", "mobile", 3L, 2L), ("US", "desktop", 2L, 1L), (null, null, 1L, 1L), ("DE", null, 1L, 1L),
                ("DE", "desktop", 1L, 1L), ("DE", "mobile", 1L, 1L), ("GB", "tablet", 1L, 1L),
            ],
            Cells(answer));
        Assert.Null(answer.Other);
    }

    [Fact]
    public async Task A_device_filter_narrows_the_events_before_grouping()
    {
        var filters = new BreakdownFilters(DeviceType: "mobile");

        var answer = await BreakdownAsync(new EventFilter(DayD), BreakdownProperty.Country, BreakdownProperty.Os, filters, limit: 20);

        Assert.Equal([("US", "iOS", 2L, 1L), ("DE", "Android", 1L, 1L), ("US", "Android", 1L, 1L)], Cells(answer));
    }

    [Fact]
    public async Task A_country_and_a_type_filter_together()
    {
        var filters = new BreakdownFilters(Country: "US", Type: "post_view");

        var answer = await BreakdownAsync(new EventFilter(DayD, Type: "post_view"), BreakdownProperty.Browser, BreakdownProperty.Os, filters, limit: 20);

        Assert.Equal([("Safari", "iOS", 2L, 1L), ("Chrome", "Android", 1L, 1L), ("Edge", "Windows", 1L, 1L)], Cells(answer));
    }

    [Fact]
    public async Task By_type_for_one_post_with_a_limit_of_one()
    {
        var answer = await BreakdownAsync(new EventFilter(DayD, PostId: 10), BreakdownProperty.Type, BreakdownProperty.DeviceType, new BreakdownFilters(), limit: 1);

        // Post 10: views by mobile (#1, #2, #3: users 1, 2), desktop (#4), none (#8), tablet (#9); one like (#5).
        Assert.Equal([("post_view", "mobile", 3L, 2L)], Cells(answer));
        Assert.Equal(new BreakdownOther(Cells: 4, Events: 4, Users: 3), answer.Other);
    }

    [Fact]
    public async Task Over_the_real_server_tests_fixture_it_answers_what_they_assert()
    {
        var query = new BreakdownQuery(new EventFilter(DayD), BreakdownProperty.Country, BreakdownProperty.DeviceType, new BreakdownFilters(), Limit: 2);

        var answer = EventLogAnswers.Breakdown(await Mingo.AggregateAsync(ActivityPipelinesMingoTests.Documents, BreakdownPipeline.Build(query)));

        // As EventAnalyticsMongoTests.Breakdown_by_country_then_device_type_with_the_rest_as_other.
        Assert.Equal([("US", "mobile", 3L, 1L), ("GB", "desktop", 2L, 1L)], Cells(answer));
        Assert.Equal(new BreakdownOther(Cells: 3, Events: 3, Users: 2), answer.Other);
    }

    [Fact]
    public void The_ranking_document_is_one_mingo_compares_as_MongoDB_does()
    {
        var stages = Mingo.Render(BreakdownPipeline.Build(new BreakdownQuery(new EventFilter(DayD), BreakdownProperty.Os, BreakdownProperty.Browser, new BreakdownFilters(), 20)));

        var ranking = stages.Single(stage => stage.Contains("$set"))["$set"][BreakdownPipeline.Output.Order].AsBsonDocument;
        MingoDifferences.AssertComparedInNameOrder(ranking);
    }

    private static async Task<BreakdownAnswer> BreakdownAsync(
        EventFilter events, BreakdownProperty by, BreakdownProperty then, BreakdownFilters filters, int limit) =>
        EventLogAnswers.Breakdown(await Mingo.AggregateAsync(Documents, BreakdownPipeline.Build(new BreakdownQuery(events, by, then, filters, limit))));

    private static IEnumerable<(string?, string?, long, long)> Cells(BreakdownAnswer answer) =>
        answer.Cells.Select(cell => (cell.First, cell.Second, cell.Events, cell.Users));
}
