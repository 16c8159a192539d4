using System.Diagnostics;
using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Pipeline;
using Pulse.Pipeline.Privacy;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// What a <see cref="GroupConsumer"/> does with the entries it read: hands the readable events to
/// the group's sink in one batch and acknowledges what is settled, all in one <c>process {group}</c>
/// span linked to the requests that accepted them. When the batch fails, its entries are tried one
/// by one so only the bad ones stay behind; an entry that failed on its own too often, or that no
/// retry can store, goes to the dead letters.
/// </summary>
public sealed class BatchProcessor(
    IEventBatchSink sink,
    StreamConsumerOptions settings,
    DeadLetters deadLetters,
    IngestorMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private readonly string group = sink.Group;
    private readonly KeyValuePair<string, object?> groupTag = IngestorMetrics.GroupTag(sink.Group);

    public async Task ProcessAsync(IDatabase database, StreamEntry[] entries)
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
        readable = await WithoutErasedUsersAsync(database, readable, done);
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

    /// <summary>
    /// The batch as it may be stored once users taken out of Pulse are applied: their own events
    /// dropped (and acknowledged) when erased, their ids replaced when anonymised. Read for every
    /// attempt, after the entries were read, which is what lets an erasure know when no batch can
    /// still store them as sent (see <see cref="Pipeline.Privacy.InFlightEntries"/>).
    /// </summary>
    private async Task<List<(StreamEntry Entry, PipelineEvent Event)>> WithoutErasedUsersAsync(
        IDatabase database, List<(StreamEntry Entry, PipelineEvent Event)> readable, List<RedisValue> done)
    {
        if (readable.Count == 0)
        {
            return readable;
        }
        var erased = await ErasedUsers.FindAsync(database, readable.Select(pair => pair.Event));
        if (erased.Count == 0)
        {
            return readable;
        }
        var kept = new List<(StreamEntry Entry, PipelineEvent Event)>(readable.Count);
        foreach (var (entry, @event) in readable)
        {
            if (ErasedUsers.Apply(@event, erased) is { } stored)
            {
                kept.Add((entry, stored));
            }
            else
            {
                done.Add(entry.Id);
                metrics.EventsOfErasedUsers.Add(1, groupTag);
            }
        }
        return kept;
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
}
