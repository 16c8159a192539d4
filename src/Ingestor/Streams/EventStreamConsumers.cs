using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Pipeline;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Runs one <see cref="GroupConsumer"/> per registered sink, each its own loop with its own batch
/// size and health. A group of Pulse's without a sink here (the event log when MongoDB is not
/// configured) is only reported: this replica cannot serve it, others must, and until an operator
/// retires it the group exists and holds back trimming, so no entry it has not stored is trimmed.
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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<GroupConsumer>();
        var consumers = sinks
            .Select(sink => new GroupConsumer(redis, sink, options.Value, deadLetters, metrics, health, time, logger))
            .ToList();

        var served = consumers.Select(consumer => consumer.Group).ToHashSet(StringComparer.Ordinal);
        var unserved = EventStreamNames.Groups.All.Where(group => !served.Contains(group)).ToArray();
        foreach (var group in unserved)
        {
            logger.LogWarning(
                "No sink for consumer group {Group} on this replica: it is not consumed here, and holds back trimming until a replica serves it or an operator retires it (pulse-ops pipeline retire {Group})",
                group, group);
        }

        await Task.WhenAll(consumers.Select(consumer => Task.Run(() => consumer.RunAsync(stoppingToken), stoppingToken))
            .Append(WatchUnservedAsync(unserved, logger, stoppingToken)));
    }

    /// <summary>
    /// Keeps the groups this replica does not serve visible: unless an operator retired one, it is
    /// created (from the stream's beginning, so its backlog is kept and shown from the start) and
    /// reported on this replica's health as one it cannot serve. Reads the decisions every
    /// <see cref="StreamConsumerOptions.DecisionRefreshMs"/>.
    /// </summary>
    private async Task WatchUnservedAsync(string[] groups, ILogger logger, CancellationToken stoppingToken)
    {
        if (groups.Length == 0)
        {
            return;
        }
        var database = redis.GetDatabase();
        var created = new HashSet<string>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var untraced = UntracedWork.Begin();
                foreach (var group in groups)
                {
                    if (await GroupDecisions.ReadAsync(database, group) is { State: ConsumerGroupState.Retired })
                    {
                        health.ForgetUnserved(group);
                        created.Remove(group);
                        continue;
                    }
                    health.RecordUnserved(group, "no sink for it on this replica; another replica must serve it, or an operator retire it");
                    if (created.Add(group))
                    {
                        // Created here, or it exists: another replica serves it, or created it.
                        await StreamGroups.CreateFromBeginningAsync(database, options.Value.StreamKey, group);
                    }
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                created.Clear();
                logger.LogWarning(exception, "Checking the groups this replica does not serve failed; retrying");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.DecisionRefreshMs), time, stoppingToken);
        }
    }
}
