using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Ops.Backfill;

namespace Pulse.IntegrationTests.Ops;

/// <summary>
/// What the event log's grouping pipelines answer for these events, computed in memory (the
/// pipelines themselves are checked against a real MongoDB where one is given): the PostgreSQL
/// half of the backfill is fed these rows directly.
/// </summary>
internal static class EventLogGrouping
{
    public static List<DailyEventCount> PerPost(IEnumerable<PipelineEvent> events, DayRange range) =>
        Group(events.Where(e => e.PostId is not null && EventTypes.OnPosts.Contains(e.Type)), e => e.PostId!.Value, range);

    public static List<DailyEventCount> PerUser(IEnumerable<PipelineEvent> events, DayRange range) =>
        Group(events, e => e.UserId, range);

    public static List<Guid> Ids(IEnumerable<PipelineEvent> events, DayRange range) =>
        [.. events.Where(e => InRange(e, range)).Select(e => e.Id).Distinct()];

    /// <summary>Runs the PostgreSQL half as the backfill does: stage with COPY, then replace in one transaction.</summary>
    public static async Task<ReplacementSummary> ReplaceAsync(
        Npgsql.NpgsqlDataSource dataSource, DayRange range, IEnumerable<DailyEventCount> perPost, IEnumerable<DailyEventCount> perUser, IEnumerable<Guid> ids)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var staged = await StagedAggregates.OpenAsync(dataSource, cancellation);
        await staged.StagePostEventsAsync(Stream(perPost), progress: null, cancellation);
        await staged.StageUserEventsAsync(Stream(perUser), progress: null, cancellation);
        await staged.StageEventIdsAsync(Stream(ids), progress: null, cancellation);
        return await staged.ReplaceAsync(range, cancellation);
    }

    private static List<DailyEventCount> Group(IEnumerable<PipelineEvent> events, Func<PipelineEvent, long> key, DayRange range) =>
        [.. events
            .Where(e => InRange(e, range))
            .GroupBy(e => (Key: key(e), Day: DayRange.DayOf(e.Timestamp), e.Type))
            .Select(group => new DailyEventCount(group.Key.Key, group.Key.Day, group.Key.Type, group.LongCount()))];

    private static bool InRange(PipelineEvent e, DayRange range) => e.Timestamp >= range.Start && e.Timestamp < range.End;

    public static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
