using Pulse.Api.EventAnalytics;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// A user's timeline, paged by the cursor the Api gives out, evaluated by mingo over the fixture of
/// <see cref="ActivityPipelinesMingoTests"/>: user 1's events are #7 (09:45), #2 and #8 (both
/// 09:30), #1 (09:00) and #9 (the day before). Newest first, equal times by id, highest first.
/// </summary>
public sealed class TimelinePipelineMingoTests
{
    private const long User = 1;
    private const int Limit = 2;

    [Fact]
    public async Task Pages_run_newest_first_through_equal_times_to_the_end()
    {
        var first = await PageAsync(before: null);
        var second = await PageAsync(Cursor(first.NextCursor));
        var third = await PageAsync(Cursor(second.NextCursor));

        Assert.Equal([7, 8], first.Events.Select(e => Number(e.Id)));
        Assert.Equal([2, 1], second.Events.Select(e => Number(e.Id)));
        Assert.Equal([9], third.Events.Select(e => Number(e.Id)));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task Events_read_back_as_the_sink_wrote_them()
    {
        var seventh = (await PageAsync(before: null)).Events[0];

        Assert.Equal(("profile_view", (long?)null, (long?)2, Day + At(9, 45), Day.AddDays(2)),
            (seventh.Type, seventh.PostId, seventh.TargetUserId, seventh.Timestamp, seventh.ReceivedAt));
        Assert.Equal(Mobile, seventh.Device);
        Assert.Equal("US", seventh.Geo?.Country);
        Assert.Equal(7, seventh.Properties!.Value.GetProperty("n").GetInt32());
    }

    private static async Task<Pulse.Contracts.EventLog.EventTimelinePage> PageAsync(TimelineCursor? before) =>
        EventLogAnswers.TimelinePage(User, await Mingo.AggregateAsync(ActivityPipelinesMingoTests.Documents, TimelinePipeline.Build(User, before, Limit + 1)), Limit);

    private static TimelineCursor Cursor(string? text)
    {
        Assert.True(TimelineCursor.TryDecode(text, out var cursor), $"Not a cursor: {text}");
        return cursor;
    }
}
