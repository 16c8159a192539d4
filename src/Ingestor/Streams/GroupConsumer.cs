using System.Diagnostics;
using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Pipeline;
using Pulse.Pipeline;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// One consumer of one consumer group: reads batches, hands them to the group's sink and
/// acknowledges them once the sink returned. It reads its own unacknowledged entries first after a
/// restart, claims entries other consumers left pending too long, and moves an entry that failed
/// on its own <see cref="StreamConsumerOptions.MaxAttempts"/> times to the dead-letter stream (at once
/// when the sink says no retry can store it).
/// </summary>
public sealed class GroupConsumer(
    IConnectionMultiplexer redis,
    IEventBatchSink sink,
    StreamConsumerOptions settings,
    DeadLetters deadLetters,
    IngestorMetrics metrics,
    ConsumerHealth health,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>XREADGROUP position for "entries never delivered to any consumer of the group".</summary>
    private const string NewEntries = ">";

    private readonly string group = sink.Group;
    private readonly int batchSize = settings.BatchSizeOf(sink.Group);
    private readonly KeyValuePair<string, object?> groupTag = IngestorMetrics.GroupTag(sink.Group);

    private RedisValue claimCursor = StreamIds.Zero;
    private DateTimeOffset nextClaim;
    private DateTimeOffset nextDecisionCheck = DateTimeOffset.MinValue;
    private GroupDecision? heldBy;

    public string Group => group;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        health.Expect(group);
        var database = redis.GetDatabase();
        var joined = false;

        // Own pending entries first (what this consumer read before a crash), paged by id.
        RedisValue? pendingCursor = StreamIds.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await HeldByOperatorAsync(database) is { } decision)
                {
                    health.RecordHeld(group, Describe(decision));
                    joined = false;
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.DecisionRefreshMs), time, stoppingToken);
                    continue;
                }
                if (!joined)
                {
                    await JoinGroupAsync(database);
                    joined = true;
                    pendingCursor = StreamIds.Zero;
                    nextClaim = time.GetUtcNow().AddMilliseconds(settings.ClaimIntervalMs);
                }

                var read = await ConsumeOnceAsync(database, pendingCursor);
                health.RecordSuccess(group);
                if (pendingCursor is not null)
                {
                    pendingCursor = read.Count == 0 ? null : (RedisValue?)read[^1];
                }
                else if (read.Count == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.IdlePollMs), time, stoppingToken);
                }
            }
            catch (Exception exception) when (stoppingToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                // Stopping while a round failed: its entries stay pending for the next start or another replica.
                logger.LogInformation(exception, "Stopping {Group}/{Consumer} after a failed round; its entries stay pending", group, settings.ConsumerName);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A store or Redis is down: the batch stays pending, and is read again from this
                // consumer's pending entries once the backoff is over. Nothing is lost or counted.
                // The group itself gone (retired, or the stream deleted): the decision is read again
                // before the group is joined, so a retired group is not brought back.
                if (exception is RedisServerException { Message: var message } && message.StartsWith("NOGROUP", StringComparison.Ordinal))
                {
                    joined = false;
                    nextDecisionCheck = DateTimeOffset.MinValue;
                }
                metrics.BatchFailures.Add(1, groupTag);
                health.RecordFailure(group, exception.Message);
                logger.LogWarning(exception, "Consuming {Stream} as {Group}/{Consumer} failed; retrying", settings.StreamKey, group, settings.ConsumerName);
                pendingCursor = StreamIds.Zero;
                await Task.Delay(TimeSpan.FromMilliseconds(settings.ErrorBackoffMs), time, stoppingToken);
            }
        }
    }

    /// <summary>The operator's pause or retirement of this group, read at most every <see cref="StreamConsumerOptions.DecisionRefreshMs"/>; null while it runs.</summary>
    private async Task<GroupDecision?> HeldByOperatorAsync(IDatabase database)
    {
        if (time.GetUtcNow() >= nextDecisionCheck)
        {
            using var untraced = UntracedWork.Begin();
            heldBy = await GroupDecisions.ReadAsync(database, group);
            nextDecisionCheck = time.GetUtcNow().AddMilliseconds(settings.DecisionRefreshMs);
        }
        return heldBy;
    }

    private static string Describe(GroupDecision decision) =>
        $"{ConsumerGroupControl.Name(decision.State)} by {decision.By} at {decision.At:O}{(decision.Reason is { } reason ? $" ({reason})" : "")}";

    /// <summary>
    /// One round: claimed entries when a claim is due, else own pending entries after
    /// <paramref name="pendingCursor"/>, else new entries. The reads are polls, most of them
    /// empty, so they are not traced; a batch they return is (<see cref="ProcessAsync"/>).
    /// </summary>
    /// <returns>The ids of the entries read.</returns>
    internal async Task<IReadOnlyList<RedisValue>> ConsumeOnceAsync(IDatabase database, RedisValue? pendingCursor)
    {
        if (time.GetUtcNow() >= nextClaim)
        {
            nextClaim = time.GetUtcNow().AddMilliseconds(settings.ClaimIntervalMs);
            var claimed = await ClaimAsync(database);
            if (claimed.Length > 0)
            {
                metrics.EntriesReclaimed.Add(claimed.Length, groupTag);
                await ProcessAsync(database, claimed);
            }
        }

        var entries = await ReadAsync(database, pendingCursor ?? NewEntries);
        if (entries.Length > 0)
        {
            await ProcessAsync(database, entries);
        }
        return [.. entries.Select(entry => entry.Id)];
    }

    private async Task<StreamEntry[]> ReadAsync(IDatabase database, RedisValue position)
    {
        using var untraced = UntracedWork.Begin();
        return await database.StreamReadGroupAsync(settings.StreamKey, group, settings.ConsumerName, position, batchSize);
    }

    private async Task<StreamEntry[]> ClaimAsync(IDatabase database)
    {
        using var untraced = UntracedWork.Begin();
        var result = await database.StreamAutoClaimAsync(settings.StreamKey, group, settings.ConsumerName, settings.ClaimIdleMs, claimCursor, batchSize);
        claimCursor = result.NextStartId;
        return result.ClaimedEntries;
    }

    internal async Task ProcessAsync(IDatabase database, StreamEntry[] entries)
    {
        var started = Stopwatch.GetTimestamp();
        metrics.EntriesRead.Add(entries.Length, groupTag);
        metrics.BatchSize.Record(entries.Length, groupTag);

        var readable = new List<(StreamEntry Entry, PipelineEvent Event)>(entries.Length);
        var done = new List<RedisValue>(entries.Length);
        foreach (var entry in entries)
        {
            var payload = entry.IsNull || entry.Values is not { Length: > 0 } ? RedisValue.Null : entry[EventStreamNames.PayloadField];
            if (payload.IsNull)
            {
                // Pending, yet gone from the stream: trimmed or deleted before this group stored it.
                // Its event is lost to this group's store; the dead letter says so, and acknowledges it.
                metrics.EntriesLost.Add(1, groupTag);
                await DeadLetterAsync(entry, $"Gone from {settings.StreamKey} before {group} acknowledged it (trimmed or deleted): its event never reached this group's store.", attempts: 0);
                continue;
            }
            if (entry[EventStreamNames.ReplayForField] is { IsNull: false } replayFor && replayFor != group)
            {
                // A dead letter of another group, replayed for that group only: this one stored it.
                done.Add(entry.Id);
                continue;
            }
            try
            {
                readable.Add((entry, PipelineJson.Deserialize((byte[])payload!)));
            }
            catch (JsonException exception)
            {
                // No retry can make unreadable JSON readable: straight to the dead letters.
                await DeadLetterAsync(entry, $"Unreadable event: {exception.Message}", attempts: 1);
            }
        }

        using var activity = StartBatchActivity(readable);
        if (readable.Count > 0)
        {
            try
            {
                // Not cancelled on shutdown: the batch in flight is finished, then acknowledged.
                await sink.WriteAsync([.. readable.Select(pair => pair.Event)], CancellationToken.None);
                done.AddRange(readable.Select(pair => pair.Entry.Id));
                metrics.EventsIngested.Add(readable.Count, groupTag);
                RecordFreshness(readable.Select(pair => pair.Event));
            }
            catch (Exception exception) when (!sink.IsTransient(exception))
            {
                logger.LogWarning(exception, "A batch of {Count} failed in {Group}; trying its entries one by one", readable.Count, group);
                activity?.AddException(exception);
                var (stored, storeFault) = await IsolateAsync(readable);
                done.AddRange(stored);
                if (storeFault is not null)
                {
                    // Every entry failed alike: the store is at fault. What is settled is acknowledged;
                    // the rest waits, like a batch whose store is down, with no attempt counted.
                    await AcknowledgeAsync(database, done);
                    throw storeFault;
                }
            }
        }

        await AcknowledgeAsync(database, done);
        metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, groupTag);
    }

    /// <summary>How long after the Api accepted them these events reached the group's store.</summary>
    private void RecordFreshness(IEnumerable<PipelineEvent> stored)
    {
        var now = time.GetUtcNow();
        foreach (var @event in stored)
        {
            metrics.Freshness.Record(Math.Max(0, (now - @event.ReceivedAt).TotalSeconds), groupTag);
        }
    }

    private async Task AcknowledgeAsync(IDatabase database, List<RedisValue> entries)
    {
        if (entries.Count > 0)
        {
            await database.StreamAcknowledgeAsync(settings.StreamKey, group, [.. entries]);
        }
    }

    /// <summary>
    /// Writes the entries of a failed batch one at a time, so only the bad ones stay behind: each
    /// failure is counted, and an entry at its last attempt goes to the dead letters. When every
    /// entry of two or more fails with the same error, and the sink does not call it a fault of the
    /// event, the store is at fault instead: nothing is counted against the entries.
    /// </summary>
    /// <returns>The entries now stored, and the store's fault when every entry failed alike.</returns>
    private async Task<(List<RedisValue> Stored, StoreFaultException? StoreFault)> IsolateAsync(List<(StreamEntry Entry, PipelineEvent Event)> batch)
    {
        var stored = new List<RedisValue>(batch.Count);
        var failed = new List<(StreamEntry Entry, Exception Error)>();
        try
        {
            foreach (var (entry, @event) in batch)
            {
                try
                {
                    await sink.WriteAsync([@event], CancellationToken.None);
                    stored.Add(entry.Id);
                    metrics.EventsIngested.Add(1, groupTag);
                    RecordFreshness([@event]);
                }
                catch (Exception exception) when (!sink.IsTransient(exception) && sink.IsUnstorable(exception))
                {
                    // No retry can give the event a form the store takes: dead-lettered now, it holds back nothing.
                    metrics.EntryFailures.Add(1, groupTag);
                    await DeadLetterAsync(entry, $"Cannot be stored: {exception.Message}", attempts: 1);
                }
                catch (Exception exception) when (!sink.IsTransient(exception))
                {
                    failed.Add((entry, exception));
                }
            }

            if (StoreFaultException.Of(batch.Count, failed.Select(failure => failure.Error), sink.IsEntryFault) is { } storeFault)
            {
                logger.LogWarning(storeFault.InnerException, "Every one of {Count} entries failed alike in {Group}: the store is at fault, no attempt is counted", batch.Count, group);
                return (stored, storeFault);
            }
            foreach (var (entry, exception) in failed)
            {
                metrics.EntryFailures.Add(1, groupTag);
                var attempts = await deadLetters.RecordFailureAsync(group, entry.Id);
                if (attempts >= settings.MaxAttempts)
                {
                    await DeadLetterAsync(entry, exception.Message, attempts);
                }
                else
                {
                    // Left pending: claimed again once idle for ClaimIdleMs, so entries behind it go on.
                    logger.LogWarning(exception, "Entry {EntryId} failed in {Group} (attempt {Attempt} of {MaxAttempts})", entry.Id, group, attempts, settings.MaxAttempts);
                }
            }
        }
        finally
        {
            await deadLetters.ForgetFailuresAsync(group, [.. stored]);
        }
        return (stored, null);
    }

    private async Task DeadLetterAsync(StreamEntry entry, string error, long attempts)
    {
        await deadLetters.MoveAsync(settings.StreamKey, group, entry, error, attempts);
        metrics.DeadLettered.Add(1, groupTag);
        logger.LogError("Entry {EntryId} moved to {DeadLetters} by {Group} after {Attempts} attempts: {Error}", entry.Id, EventStreamNames.DeadLetterKey, group, attempts, error);
    }

    /// <summary>The batch's span, linked to the traces of the Api requests that accepted its events.</summary>
    private Activity? StartBatchActivity(List<(StreamEntry Entry, PipelineEvent Event)> batch)
    {
        var links = new List<ActivityLink>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, _) in batch)
        {
            var traceParent = (string?)entry[EventStreamNames.TraceParentField];
            if (traceParent is not null && seen.Add(traceParent) && ActivityContext.TryParse(traceParent, null, out var context))
            {
                links.Add(new ActivityLink(context));
            }
        }
        var activity = IngestorMetrics.ActivitySource.StartActivity(ActivityKind.Consumer, links: links, name: $"process {group}");
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", settings.StreamKey);
        activity?.SetTag("messaging.consumer.group.name", group);
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        return activity;
    }

    private async Task JoinGroupAsync(IDatabase database)
    {
        // Logged rather than traced: a join is no request's work.
        using var untraced = UntracedWork.Begin();
        // From the stream's beginning, so a new group (a new sink) sees everything still retained.
        if (await StreamGroups.CreateFromBeginningAsync(database, settings.StreamKey, group))
        {
            logger.LogInformation("Created consumer group {Group} on {Stream}", group, settings.StreamKey);
        }
        else
        {
            logger.LogInformation("Joined consumer group {Group} on {Stream} as {Consumer}", group, settings.StreamKey, settings.ConsumerName);
        }
    }
}
