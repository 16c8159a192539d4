using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Api.Problems;
using Pulse.Api.Realtime;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Data;

namespace Pulse.Api.Users;

/// <summary>What a follow or an unfollow did.</summary>
public enum FollowChange
{
    /// <summary>The row came or went, and its event is in the pipeline.</summary>
    Changed,

    /// <summary>It already was so: no row changed and no event was sent.</summary>
    Unchanged,

    FollowerMissing,
    FolloweeMissing,
}

/// <summary>
/// Follows and unfollows: <c>follows</c> is the truth, and each change of it sends its own
/// <c>user_follow</c> or <c>user_unfollow</c> event into the pipeline (the event script), so the
/// Ingestor counts and notifies exactly the follows that exist. The row is written first: the
/// Ingestor confirms a follow event against <c>follows</c>, and must find it there. When the event
/// cannot be sent, the row change is undone and the caller gets the failure, so a row never
/// changes without its event.
/// </summary>
public sealed partial class FollowGraph(PulseDbContext db, EventRecorder events, TimeProvider time, ILogger<FollowGraph> logger)
{
    /// <exception cref="StreamBacklogException">The pipeline is behind: nothing changed.</exception>
    public async Task<FollowChange> FollowAsync(long follower, long followee, CancellationToken cancellationToken)
    {
        // The row and its event carry one time, so the event log can tell the event that made a
        // follow: whole milliseconds, which the event log keeps exactly (PostgreSQL keeps microseconds).
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        int inserted;
        try
        {
            // One statement: the foreign keys say which user is missing, the primary key makes it idempotent.
            inserted = await db.Database.ExecuteSqlAsync(
                $"insert into follows (follower_id, followee_id, created_at) values ({follower}, {followee}, {now}) on conflict do nothing",
                cancellationToken);
        }
        catch (PostgresException exception) when (exception.Violated(PostgresErrorCodes.ForeignKeyViolation) is { } constraint)
        {
            return constraint == ConstraintNames.FollowFollower ? FollowChange.FollowerMissing : FollowChange.FolloweeMissing;
        }
        if (inserted == 0)
        {
            return FollowChange.Unchanged;
        }

        try
        {
            await SendOrUndoAsync(EventTypes.UserFollow, follower, followee, now,
                undo: () => db.Database.ExecuteSqlAsync(
                    $"delete from follows where follower_id = {follower} and followee_id = {followee}", CancellationToken.None),
                cancellationToken);
        }
        catch (ErasedUsersException)
        {
            // The follower is being erased: the follow was undone, and they are gone for the Api.
            return FollowChange.FollowerMissing;
        }
        return FollowChange.Changed;
    }

    /// <exception cref="StreamBacklogException">The pipeline is behind: nothing changed.</exception>
    public async Task<FollowChange> UnfollowAsync(long follower, long followee, CancellationToken cancellationToken)
    {
        var removed = await db.Database
            .SqlQuery<RemovedFollow>(
                $"delete from follows where follower_id = {follower} and followee_id = {followee} returning created_at, counted_at")
            .ToListAsync(cancellationToken);
        if (removed.Count == 0)
        {
            var existing = await db.Users.Where(user => user.Id == follower || user.Id == followee).Select(user => user.Id).ToListAsync(cancellationToken);
            return !existing.Contains(follower) ? FollowChange.FollowerMissing
                : !existing.Contains(followee) ? FollowChange.FolloweeMissing
                : FollowChange.Unchanged;
        }

        var (followedAt, countedAt) = removed[0];
        try
        {
            await SendOrUndoAsync(EventTypes.UserUnfollow, follower, followee, time.GetUtcNow(),
                undo: () => db.Database.ExecuteSqlAsync(
                    $"insert into follows (follower_id, followee_id, created_at, counted_at) values ({follower}, {followee}, {followedAt}, {countedAt}) on conflict do nothing",
                    CancellationToken.None),
                cancellationToken);
        }
        catch (ErasedUsersException)
        {
            return FollowChange.FollowerMissing;
        }
        return FollowChange.Changed;
    }

    private async Task SendOrUndoAsync(string type, long follower, long followee, DateTimeOffset now, Func<Task<int>> undo, CancellationToken cancellationToken)
    {
        var @event = new PipelineEvent(Guid.CreateVersion7(now), type, follower, PostId: null, TargetUserId: followee, now, now,
            Device: null, Geo: null, Properties: null);
        try
        {
            await events.RecordAsync([RealtimeEvent.From(@event)], cancellationToken);
        }
        catch (Exception sendFailure)
        {
            try
            {
                await undo();
            }
            catch (Exception undoFailure)
            {
                UndoFailed(logger, type, follower, followee, undoFailure);
            }
            NotSent(logger, type, follower, followee, sendFailure);
            throw;
        }
    }

    private sealed record RemovedFollow(DateTimeOffset CreatedAt, DateTimeOffset? CountedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Type} event of {Follower} -> {Followee} could not be sent; the change was undone")]
    private static partial void NotSent(ILogger logger, string type, long follower, long followee, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} event of {Follower} -> {Followee} could not be sent and undoing the change failed: follows and the pipeline disagree on it")]
    private static partial void UndoFailed(ILogger logger, string type, long follower, long followee, Exception exception);
}
