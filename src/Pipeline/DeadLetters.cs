using System.Globalization;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Pipeline;
using StackExchange.Redis;

namespace Pulse.Pipeline;

/// <summary>
/// The dead-letter stream: entries a group failed to store <c>MaxAttempts</c> times, kept with
/// their payload and error until an operator replays them. Moving an entry there acknowledges it
/// in the same transaction, so it is never both pending and dead, nor neither.
/// </summary>
public sealed class DeadLetters(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>Counts one more failed attempt of an entry that failed on its own; returns the total.</summary>
    public Task<long> RecordFailureAsync(string group, RedisValue entryId) =>
        redis.GetDatabase().HashIncrementAsync(EventStreamNames.FailuresKey(group), entryId);

    /// <summary>Forgets the failures of entries that were stored after all.</summary>
    public Task ForgetFailuresAsync(string group, RedisValue[] entryIds) =>
        entryIds.Length == 0 ? Task.CompletedTask : redis.GetDatabase().HashDeleteAsync(EventStreamNames.FailuresKey(group), entryIds);

    public async Task MoveAsync(string stream, string group, StreamEntry entry, string error, long attempts)
    {
        var fields = new List<NameValueEntry>
        {
            new(DeadLetterFields.Group, group),
            new(DeadLetterFields.EntryId, entry.Id),
            new(DeadLetterFields.Error, error),
            new(DeadLetterFields.Attempts, attempts),
            new(DeadLetterFields.FailedAt, time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        // The original fields (payload, trace context) travel along, so a replay restores them; an
        // entry gone from the stream has none, and its dead letter is a record that cannot be replayed.
        if (entry.Values is { } values)
        {
            fields.AddRange(values);
        }

        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StreamAddAsync(EventStreamNames.DeadLetterKey, [.. fields]);
        _ = transaction.StreamAcknowledgeAsync(stream, group, entry.Id);
        _ = transaction.HashDeleteAsync(EventStreamNames.FailuresKey(group), entry.Id);
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"Moving entry {entry.Id} of {group} to the dead-letter stream was not executed.");
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int limit)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(EventStreamNames.DeadLetterKey, "-", "+", limit);
        return [.. entries.Select(ToDeadLetter)];
    }

    /// <summary>
    /// The event ids of every dead letter <paramref name="group"/> failed, read page by page: a
    /// replay gives each back to that group, whatever its age, so the group must still know
    /// whether it stored the event since (a client's resend). Unreadable payloads hold no id.
    /// </summary>
    public async Task<HashSet<Guid>> EventIdsAsync(string group, CancellationToken cancellationToken)
    {
        const int page = 1_000;
        var database = redis.GetDatabase();
        var ids = new HashSet<Guid>();
        RedisValue start = "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = await database.StreamRangeAsync(EventStreamNames.DeadLetterKey, start, "+", page);
            foreach (var entry in entries)
            {
                if (entry[DeadLetterFields.Group] == group && entry[EventStreamNames.PayloadField] is { IsNull: false } payload
                    && TryReadId((byte[])payload!) is { } id)
                {
                    ids.Add(id);
                }
            }
            if (entries.Length < page)
            {
                return ids;
            }
            // "(" makes the start exclusive: the next page begins after this one's last entry.
            start = "(" + entries[^1].Id;
        }
    }

    private static Guid? TryReadId(byte[] payload)
    {
        try
        {
            return PipelineJson.Deserialize(payload).Id;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>How long a replay may hold its lock if its process dies holding it.</summary>
    public static readonly TimeSpan ReplayLockExpiry = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Puts up to <paramref name="limit"/> dead letters back on the event stream (oldest first),
    /// each for the group that failed it only (<see cref="EventStreamNames.ReplayForField"/>), and
    /// removes them from the dead-letter stream, in one transaction. Dead letters that hold no event
    /// (it was gone from the stream) or whose group is retired stay where they are, counted as
    /// skipped. One replay at a time: a second one meanwhile is refused, so no dead letter goes back twice.
    /// </summary>
    /// <exception cref="ReplayInProgressException">Another replay holds the lock.</exception>
    public async Task<DeadLettersReplayed> ReplayAsync(string stream, int limit)
    {
        var database = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        if (!await database.LockTakeAsync(EventStreamNames.DeadLetterReplayLockKey, token, ReplayLockExpiry))
        {
            throw new ReplayInProgressException();
        }
        try
        {
            var decisions = await GroupDecisions.ReadAllAsync(database);
            var (replayable, skipped) = await ChooseReplayableAsync(database, limit, group =>
                decisions.TryGetValue(group, out var decision) && decision.State == Contracts.Pipeline.ConsumerGroupState.Retired);
            if (replayable.Count > 0)
            {
                var transaction = database.CreateTransaction();
                foreach (var entry in replayable)
                {
                    var original = entry.Values.Where(field => !IsDeadLetterField(field.Name) && field.Name != EventStreamNames.ReplayForField);
                    _ = transaction.StreamAddAsync(stream, [.. original, new NameValueEntry(EventStreamNames.ReplayForField, entry[DeadLetterFields.Group])]);
                }
                _ = transaction.StreamDeleteAsync(EventStreamNames.DeadLetterKey, [.. replayable.Select(entry => entry.Id)]);
                if (!await transaction.ExecuteAsync())
                {
                    throw new InvalidOperationException("Replaying dead letters was not executed.");
                }
            }
            var remaining = await database.StreamLengthAsync(EventStreamNames.DeadLetterKey);
            return new DeadLettersReplayed(replayable.Count, remaining, skipped);
        }
        finally
        {
            await database.LockReleaseAsync(EventStreamNames.DeadLetterReplayLockKey, token);
        }
    }

    /// <summary>The oldest <paramref name="limit"/> dead letters that can go back, and how many before them cannot.</summary>
    private static async Task<(List<StreamEntry> Replayable, int Skipped)> ChooseReplayableAsync(IDatabase database, int limit, Func<string, bool> isRetired)
    {
        var replayable = new List<StreamEntry>(Math.Min(limit, 1_000));
        var skipped = 0;
        RedisValue start = "-";
        while (replayable.Count < limit)
        {
            var page = await database.StreamRangeAsync(EventStreamNames.DeadLetterKey, start, "+", 1_000);
            foreach (var entry in page)
            {
                if (replayable.Count == limit)
                {
                    break;
                }
                if (entry[EventStreamNames.PayloadField].IsNull || isRetired((string)entry[DeadLetterFields.Group]!))
                {
                    skipped++;
                }
                else
                {
                    replayable.Add(entry);
                }
            }
            if (page.Length < 1_000)
            {
                break;
            }
            start = "(" + page[^1].Id;
        }
        return (replayable, skipped);
    }

    private static bool IsDeadLetterField(RedisValue name) =>
        name == DeadLetterFields.Group || name == DeadLetterFields.EntryId || name == DeadLetterFields.Error
        || name == DeadLetterFields.Attempts || name == DeadLetterFields.FailedAt;

    private static DeadLetter ToDeadLetter(StreamEntry entry)
    {
        var failedAt = (long)entry[DeadLetterFields.FailedAt];
        return new DeadLetter(
            entry.Id!,
            entry[DeadLetterFields.Group]!,
            entry[DeadLetterFields.EntryId]!,
            entry[EventStreamNames.PayloadField],
            entry[DeadLetterFields.Error]!,
            (int)entry[DeadLetterFields.Attempts],
            DateTimeOffset.FromUnixTimeMilliseconds(failedAt));
    }
}
