using Pulse.Contracts.Pipeline;
using Pulse.Pipeline;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// One consumer of one consumer group: reads batches and hands them to a <see cref="BatchProcessor"/>,
/// which stores and acknowledges them. It reads its own unacknowledged entries first after a
/// restart, claims entries other consumers left pending too long, and stops reading while an
/// operator holds the group (paused or retired).
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
    private readonly BatchProcessor batches = new(sink, settings, deadLetters, metrics, time, logger);

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
    /// empty, so they are not traced; a batch they return is (<see cref="BatchProcessor"/>).
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
                await batches.ProcessAsync(database, claimed);
            }
        }

        var entries = await ReadAsync(database, pendingCursor ?? NewEntries);
        if (entries.Length > 0)
        {
            await batches.ProcessAsync(database, entries);
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
