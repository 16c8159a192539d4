using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Pipeline;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Runs one <see cref="GroupConsumer"/> per registered sink, each its own loop with its own batch
/// size and health, and marks which groups are active: a known group without a sink here (the
/// event log when MongoDB is not configured) is marked inactive, so it holds nothing back.
/// </summary>
public sealed class EventStreamConsumers(
    IConnectionMultiplexer redis,
    IEnumerable<IEventBatchSink> sinks,
    IOptions<StreamConsumerOptions> options,
    DeadLetters deadLetters,
    IngestorMetrics metrics,
    ConsumerHealth health,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private static readonly string[] KnownGroups = [EventStreamNames.Groups.EventLog, EventStreamNames.Groups.Aggregates];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<GroupConsumer>();
        var consumers = sinks
            .Select(sink => new GroupConsumer(redis, sink, options.Value, deadLetters, metrics, health, time, logger))
            .ToList();

        var running = consumers.Select(consumer => consumer.Group).ToHashSet(StringComparer.Ordinal);
        var inactive = KnownGroups.Where(group => !running.Contains(group)).ToArray();
        if (inactive.Length > 0)
        {
            logger.LogWarning("No sink for consumer groups {Groups} here: marking them inactive so they hold back neither trimming nor ingestion", string.Join(", ", inactive));
            await MarkInactiveAsync(inactive, logger, stoppingToken);
        }

        await Task.WhenAll(consumers.Select(consumer => Task.Run(() => consumer.RunAsync(stoppingToken), stoppingToken)));
    }

    private async Task MarkInactiveAsync(string[] groups, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetDatabase().SetRemoveAsync(EventStreamNames.ActiveGroupsKey, [.. groups.Select(group => (RedisValue)group)]);
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Marking groups inactive failed; retrying");
                await Task.Delay(TimeSpan.FromMilliseconds(options.Value.ErrorBackoffMs), time, stoppingToken);
            }
        }
    }
}
