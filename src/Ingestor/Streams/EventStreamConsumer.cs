using System.Diagnostics;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Reads the event stream as one consumer of a consumer group, hands each batch to its sink and
/// acknowledges the batch once the sink returned. Entries this consumer read before a restart but
/// never acknowledged are read again first.
/// </summary>
public sealed class EventStreamConsumer(
    IConnectionMultiplexer redis,
    IEventBatchSink sink,
    IOptions<StreamConsumerOptions> options,
    IngestorMetrics metrics,
    ConsumerHealth health,
    ILogger<EventStreamConsumer> logger) : BackgroundService
{
    /// <summary>XREADGROUP position for "entries never delivered to any consumer of the group".</summary>
    private const string NewEntries = ">";

    /// <summary>XREADGROUP position for "this consumer's delivered but unacknowledged entries".</summary>
    private const string OwnPendingEntries = "0-0";

    private readonly StreamConsumerOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = redis.GetDatabase();
        await JoinGroupAsync(database, stoppingToken);

        var position = OwnPendingEntries;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var read = await ConsumeBatchAsync(database, position);
                health.RecordSuccess();

                if (read == 0)
                {
                    // Pending entries are drained once; from then on only new ones are asked for.
                    if (position == OwnPendingEntries)
                    {
                        position = NewEntries;
                        continue;
                    }
                    await Task.Delay(settings.IdlePollMs, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis or the sink failed: the batch stays pending and is read again from this
                // consumer's pending entries, so nothing is lost and the loop never dies.
                metrics.BatchFailures.Add(1, GroupTag);
                health.RecordFailure(exception.Message);
                logger.LogWarning(exception, "Consuming {Stream} as {Group}/{Consumer} failed; retrying", settings.StreamKey, settings.Group, settings.ConsumerName);
                position = OwnPendingEntries;
                await Task.Delay(settings.ErrorBackoffMs, stoppingToken);
            }
        }
    }

    /// <returns>How many entries were read (and acknowledged).</returns>
    internal async Task<int> ConsumeBatchAsync(IDatabase database, string position)
    {
        var entries = await database.StreamReadGroupAsync(settings.StreamKey, settings.Group, settings.ConsumerName, position, settings.BatchSize);
        if (entries.Length == 0)
        {
            return 0;
        }

        using var activity = IngestorMetrics.ActivitySource.StartActivity("ingest batch", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", settings.StreamKey);
        activity?.SetTag("messaging.consumer.group.name", settings.Group);
        activity?.SetTag("messaging.batch.message_count", entries.Length);

        var started = Stopwatch.GetTimestamp();
        metrics.EntriesRead.Add(entries.Length, GroupTag);

        // Acknowledge only after the sink returned: a crash in between leaves the batch pending,
        // to be read again (ids make the sinks idempotent), never lost.
        var events = Array.ConvertAll(entries, entry => PipelineJson.Deserialize((byte[])entry[EventStreamNames.PayloadField]!));
        await sink.WriteAsync(events, CancellationToken.None);
        var acknowledged = await database.StreamAcknowledgeAsync(settings.StreamKey, settings.Group, Array.ConvertAll(entries, entry => entry.Id));

        metrics.EntriesAcknowledged.Add(acknowledged, GroupTag);
        metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, GroupTag);
        return entries.Length;
    }

    private async Task JoinGroupAsync(IDatabase database, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // From the stream's beginning, so a new group (a new sink) sees everything still retained.
                await database.StreamCreateConsumerGroupAsync(settings.StreamKey, settings.Group, StreamPosition.Beginning, createStream: true);
                logger.LogInformation("Created consumer group {Group} on {Stream}", settings.Group, settings.StreamKey);
                return;
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                logger.LogInformation("Joined consumer group {Group} on {Stream} as {Consumer}", settings.Group, settings.StreamKey, settings.ConsumerName);
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                health.RecordFailure(exception.Message);
                logger.LogWarning(exception, "Joining consumer group {Group} failed; retrying", settings.Group);
                await Task.Delay(settings.ErrorBackoffMs, stoppingToken);
            }
        }
    }

    private KeyValuePair<string, object?> GroupTag => new("group", settings.Group);
}
