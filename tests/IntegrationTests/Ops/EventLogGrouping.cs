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
        Group(events.Where(e => e.PostId is not null && EventLogCounts.PostTypes.Contains(e.Type)), e => e.PostId!.Value, range);

    public static List<DailyEventCount> PerUser(IEnumerable<PipelineEvent> events, DayRange range) =>
        Group(events, e => e.UserId, range);

    /// <summary>Events per (user, UTC hour), as <see cref="EventLogCounts.PerUserHour"/>.</summary>
    public static List<HourlyEventCount> PerUserHour(IEnumerable<PipelineEvent> events, DayRange range) =>
        [.. events
            .Where(e => InRange(e, range))
            .GroupBy(e => (e.UserId, Hour: HourOf(e.Timestamp)))
            .Select(group => new HourlyEventCount(group.Key.UserId, group.Key.Hour, group.LongCount()))];

    /// <summary>
    /// Each user's likes and unlikes of each post in timestamp order, kept where they differ from
    /// the one before, from the range's first day on (as <see cref="EventLogCounts.LikeChanges"/>).
    /// </summary>
    public static List<LikeChange> LikeChanges(IEnumerable<PipelineEvent> events, DayRange range) =>
        [.. events
            .Where(e => e.PostId is not null && EventLogCounts.LikeTypes.Contains(e.Type))
            .GroupBy(e => (Post: e.PostId!.Value, e.UserId))
            .SelectMany(pair =>
            {
                var changes = new List<(PipelineEvent Event, bool First)>();
                string? previous = null;
                // BSON orders standard UUIDs by their bytes, as their "D" text orders.
                foreach (var e in pair.OrderBy(e => e.Timestamp).ThenBy(e => e.ReceivedAt).ThenBy(e => e.Id.ToString("D"), StringComparer.Ordinal))
                {
                    if (e.Type != previous && e.Timestamp >= range.Start)
                    {
                        changes.Add((e, previous is null));
                    }
                    previous = e.Type;
                }
                return changes;
            })
            .GroupBy(change => (Post: change.Event.PostId!.Value, change.Event.UserId, Day: DayRange.DayOf(change.Event.Timestamp), change.Event.Type, change.First))
            .Select(group => new LikeChange(group.Key.Post, group.Key.UserId, group.Key.Day, group.Key.Type, group.Key.First,
                group.LongCount(), group.Max(change => change.Event.Timestamp)))];

    /// <summary>Follow events per (user, target, day) up to the range's end, with each day's latest (as <see cref="EventLogCounts.FollowsPerUserDay"/>).</summary>
    public static List<DailyFollowCount> Follows(IEnumerable<PipelineEvent> events, DayRange range) =>
        [.. events
            .Where(e => e.Type == EventTypes.UserFollow && e.TargetUserId is not null && e.Timestamp < range.End)
            .GroupBy(e => (e.UserId, Target: e.TargetUserId!.Value, Day: DayRange.DayOf(e.Timestamp)))
            .Select(group => new DailyFollowCount(group.Key.UserId, group.Key.Target, group.Key.Day, group.LongCount(), group.Max(e => e.Timestamp)))];

    public static List<Guid> Ids(IEnumerable<PipelineEvent> events, DayRange range) =>
        [.. events.Where(e => InRange(e, range)).Select(e => e.Id).Distinct()];

    /// <summary>What the backfill stages for these events, replaced as it does.</summary>
    public static Task<ReplacementSummary> ReplaceAsync(Npgsql.NpgsqlDataSource dataSource, DayRange range, IReadOnlyList<PipelineEvent> events) =>
        ReplaceAsync(dataSource, range, PerPost(events, range), PerUser(events, range), Ids(events, range), LikeChanges(events, range), Follows(events, range), PerUserHour(events, range));

    /// <summary>Runs the PostgreSQL half as the backfill does: stage with COPY, then replace in one transaction.</summary>
    public static async Task<ReplacementSummary> ReplaceAsync(
        Npgsql.NpgsqlDataSource dataSource, DayRange range, IEnumerable<DailyEventCount> perPost, IEnumerable<DailyEventCount> perUser, IEnumerable<Guid> ids,
        IEnumerable<LikeChange>? likeChanges = null, IEnumerable<DailyFollowCount>? follows = null, IEnumerable<HourlyEventCount>? perUserHour = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var staged = await StagedAggregates.OpenAsync(dataSource, cancellation);
        await StageAsync(staged, perPost, perUser, ids, likeChanges ?? [], follows ?? [], perUserHour ?? []);
        return await staged.ReplaceAsync(range, cancellation);
    }

    public static async Task StageAsync(
        StagedAggregates staged, IEnumerable<DailyEventCount> perPost, IEnumerable<DailyEventCount> perUser, IEnumerable<Guid> ids,
        IEnumerable<LikeChange> likeChanges, IEnumerable<DailyFollowCount> follows, IEnumerable<HourlyEventCount> perUserHour)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await staged.StagePostEventsAsync(Stream(perPost), progress: null, cancellation);
        await staged.StageUserEventsAsync(Stream(perUser), progress: null, cancellation);
        await staged.StageUserHoursAsync(Stream(perUserHour), progress: null, cancellation);
        await staged.StageLikeChangesAsync(Stream(likeChanges), progress: null, cancellation);
        await staged.StageFollowsAsync(Stream(follows), progress: null, cancellation);
        await staged.StageEventIdsAsync(Stream(ids), progress: null, cancellation);
    }

    private static List<DailyEventCount> Group(IEnumerable<PipelineEvent> events, Func<PipelineEvent, long> key, DayRange range) =>
        [.. events
            .Where(e => InRange(e, range))
            .GroupBy(e => (Key: key(e), Day: DayRange.DayOf(e.Timestamp), e.Type))
            .Select(group => new DailyEventCount(group.Key.Key, group.Key.Day, group.Key.Type, group.LongCount()))];

    private static bool InRange(PipelineEvent e, DayRange range) => e.Timestamp >= range.Start && e.Timestamp < range.End;

    private static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    public static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
