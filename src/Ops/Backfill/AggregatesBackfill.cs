using System.Diagnostics;
using MongoDB.Driver;
using Npgsql;

namespace Pulse.Ops.Backfill;

/// <summary>Where a run is: which phase, and how many rows it has streamed.</summary>
public readonly record struct BackfillProgress(string Phase, long Rows);

public sealed record AggregatesBackfillSummary(
    DayRange Range, long PostGroups, long UserGroups, long UserHours, long LikeChanges, long FollowGroups, long EventIds, ReplacementSummary Replaced, TimeSpan Elapsed);

/// <summary>
/// Rebuilds <c>post_daily_stats</c>, <c>user_daily_activity</c>, <c>user_hourly_activity</c> and
/// the touched posts' <c>post_stats</c> for a range of UTC days from the MongoDB event log: the log
/// counts its events per (post, day, type), per (user, day, type) and per (user, UTC hour) in aggregation pipelines
/// (<see cref="EventLogCounts"/>), the counts stream into PostgreSQL staging tables, and one
/// transaction replaces the range (<see cref="StagedAggregates"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Where it matches the live rollup</b> (the Ingestor's <c>AggregatesRollup</c>): views,
/// comments, shares and every <c>user_daily_activity</c> column are exact; a post's days count only
/// while the post exists and carry its author; a user's activity only while the user exists.
/// </para>
/// <para>
/// <b>Where it approximates:</b> the live rollup floors likes at zero event by event in stream
/// order. Counts cannot see that order, so a day's likes are its likes less its unlikes, floored at
/// zero (the live value differs only where an unlike came before a like of the same day while the
/// running count was zero); and a post's total likes are its days' likes less unlikes floored once
/// (days outside the range contribute their stored likes). When every unlike follows its like, both
/// are what the live rollup computes.
/// </para>
/// <para>
/// <b>Replays.</b> Events the log holds may still wait in the stream for the aggregates group (it
/// lags, or is stopped for the backfill). Their ids are recorded in <c>ingested_events</c> in the
/// same transaction, so the group skips them instead of counting them twice. Only ids of events
/// received within <c>dedupeRetention</c> are recorded: the pruner forgets older ids anyway, and the
/// live pipeline itself would count an older event again (the contract of
/// <c>Pulse:Retention:DedupeIds</c>). Every query takes only events received before
/// <c>receivedBefore</c> (the run's start), so the counts and the recorded ids are the same events
/// even if the event-log group writes meanwhile; events received later are the stream's to apply.
/// </para>
/// </remarks>
public sealed class AggregatesBackfill(IMongoDatabase events, NpgsqlDataSource postgres)
{
    public const string ReadingPostEvents = "post events";
    public const string ReadingUserEvents = "user events";
    public const string ReadingUserHours = "user hours";
    public const string ReadingLikeChanges = "like changes";
    public const string ReadingFollows = "follows";
    public const string ReadingEventIds = "event ids";
    public const string Replacing = "replacing";

    public async Task<AggregatesBackfillSummary> RunAsync(
        DayRange range, DateTimeOffset receivedBefore, TimeSpan dedupeRetention, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var reader = new EventLogReader(events);
        await using var staged = await StagedAggregates.OpenAsync(postgres, cancellationToken);

        var postGroups = await staged.StagePostEventsAsync(
            reader.PostEventsAsync(range, receivedBefore, cancellationToken), Phase(progress, ReadingPostEvents), cancellationToken);
        var userGroups = await staged.StageUserEventsAsync(
            reader.UserEventsAsync(range, receivedBefore, cancellationToken), Phase(progress, ReadingUserEvents), cancellationToken);
        if (postGroups == 0 && userGroups == 0)
        {
            // Most likely the wrong database or collection: replacing would only empty the range.
            throw new BackfillRefusedException($"The event log holds no events from {range}: nothing was replaced.");
        }
        var userHours = await staged.StageUserHoursAsync(
            reader.UserHoursAsync(range, receivedBefore, cancellationToken), Phase(progress, ReadingUserHours), cancellationToken);
        var likeChanges = await staged.StageLikeChangesAsync(
            reader.LikeChangesAsync(range, receivedBefore, cancellationToken), Phase(progress, ReadingLikeChanges), cancellationToken);
        var follows = await staged.StageFollowsAsync(
            reader.FollowsAsync(range, receivedBefore, cancellationToken), Phase(progress, ReadingFollows), cancellationToken);
        var ids = await staged.StageEventIdsAsync(
            reader.RecentIdsAsync(range, receivedBefore - dedupeRetention, receivedBefore, cancellationToken), Phase(progress, ReadingEventIds), cancellationToken);

        progress?.Report(new BackfillProgress(Replacing, 0));
        var replaced = await staged.ReplaceAsync(range, cancellationToken);
        return new AggregatesBackfillSummary(range, postGroups, userGroups, userHours, likeChanges, follows, ids, replaced, stopwatch.Elapsed);
    }

    private static SyncProgress<long>? Phase(IProgress<BackfillProgress>? progress, string phase) =>
        progress is null ? null : new SyncProgress<long>(rows => progress.Report(new BackfillProgress(phase, rows)));
}
