using MongoDB.Bson;
using Pulse.Api.EventAnalytics;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// The funnel pipeline, as the driver renders it, evaluated by mingo over sink-written documents
/// and read by the Api's own <see cref="FunnelQuery.FromEventLog"/>. Window 30 minutes; day D:
///
///  user  post  events (time)                                   reaches
///  1     10    view 09:00, like 09:10, comment 09:20            viewed, liked, engaged
///  2     10    view 10:00, like 10:45 (too late), share 10:50   viewed
///  3     10    like 11:00 (before the view), view 11:05, share  viewed
///  4     10    view 12:00, like 12:05, share 12:40 (too late)   viewed, liked
///  5     10    like 13:00, no view                              nothing
///  6     10    view D-1 23:50 (before the range), like 00:05    nothing
///  8     10    view 15:00, like 15:00 (same instant), comment 15:30 (the last instant)  viewed, liked, engaged
///  1     11    view 09:00, like 09:01, share 09:02              viewed, liked, engaged
///
/// Post 10: 5 viewed, 3 liked, 2 engaged. Every post: 6, 4, 3.
/// The window's milliseconds are an Int64, which mingo's <c>$add</c> refuses beside a date
/// (<see cref="MingoDifferences.Int64AddedAsDouble"/>).
/// </summary>
public sealed class FunnelPipelineMingoTests
{
    private static readonly List<BsonDocument> Documents = Of(
        Event(1, 1, "post_view", At(9), post: 10), Event(2, 1, "post_like", At(9, 10), post: 10), Event(3, 1, "post_comment", At(9, 20), post: 10),
        Event(4, 2, "post_view", At(10), post: 10), Event(5, 2, "post_like", At(10, 45), post: 10), Event(6, 2, "post_share", At(10, 50), post: 10),
        Event(7, 3, "post_like", At(11), post: 10), Event(8, 3, "post_view", At(11, 5), post: 10), Event(9, 3, "post_share", At(11, 6), post: 10),
        Event(10, 4, "post_view", At(12), post: 10), Event(11, 4, "post_like", At(12, 5), post: 10), Event(12, 4, "post_share", At(12, 40), post: 10),
        Event(13, 5, "post_like", At(13), post: 10),
        Event(14, 6, "post_view", At(-1) + TimeSpan.FromMinutes(50), post: 10), Event(15, 6, "post_like", At(0, 5), post: 10),
        Event(16, 8, "post_view", At(15), post: 10), Event(17, 8, "post_like", At(15), post: 10), Event(18, 8, "post_comment", At(15, 30), post: 10),
        Event(19, 1, "post_view", At(9), post: 11), Event(20, 1, "post_like", At(9, 1), post: 11), Event(21, 1, "post_share", At(9, 2), post: 11),
        Event(22, 1, "profile_view", At(9, 3), target: 2));

    private static readonly EventRange DayD = new(Day, Day.AddDays(1));
    private static readonly TimeSpan HalfAnHour = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task One_posts_journeys_reach_each_step_in_order_and_in_time()
    {
        var funnel = await FunnelAsync(postId: 10);

        Assert.Equal([5L, 3L, 2L], funnel.Steps.Select(step => step.Count));
        Assert.Equal([0L, 2L, 1L], funnel.Steps.Select(step => step.DroppedOff));
        Assert.Equal((3 / 5.0, 2 / 3.0), (funnel.Steps[1].ShareOfPrevious, funnel.Steps[2].ShareOfPrevious));
    }

    [Fact]
    public async Task Every_posts_journeys_count_each_user_and_post_pair_once()
    {
        var funnel = await FunnelAsync(postId: null);

        Assert.Equal([6L, 4L, 3L], funnel.Steps.Select(step => step.Count));
    }

    [Fact]
    public async Task A_wider_window_lets_the_late_like_and_the_late_share_count()
    {
        var funnel = FunnelQuery.FromEventLog(DayD, 10, TimeSpan.FromHours(1),
            (await EvaluateAsync(FunnelPipeline.Build(DayD, 10, TimeSpan.FromHours(1)))).SingleOrDefault());

        // User 2's like at 10:45 and share at 10:50, and user 4's share at 12:40, are now inside the hour.
        Assert.Equal([5L, 4L, 4L], funnel.Steps.Select(step => step.Count));
    }

    [Fact]
    public async Task A_range_without_views_has_no_answer_and_reads_as_zeros()
    {
        var quiet = new EventRange(Day.AddDays(3), Day.AddDays(4));

        var answers = await EvaluateAsync(FunnelPipeline.Build(quiet, null, HalfAnHour));

        Assert.Empty(answers);
        Assert.Equal([0L, 0L, 0L], FunnelQuery.FromEventLog(quiet, null, HalfAnHour, null).Steps.Select(step => step.Count));
    }

    private static async Task<Pulse.Contracts.EventLog.FunnelReport> FunnelAsync(long? postId) =>
        FunnelQuery.FromEventLog(DayD, postId, HalfAnHour,
            (await EvaluateAsync(FunnelPipeline.Build(DayD, postId, HalfAnHour))).SingleOrDefault());

    private static Task<List<BsonDocument>> EvaluateAsync(MongoDB.Driver.PipelineDefinition<BsonDocument, BsonDocument> pipeline) =>
        Mingo.AggregateRenderedAsync(Documents, MingoDifferences.Int64AddedAsDouble(Mingo.Render(pipeline)));
}
