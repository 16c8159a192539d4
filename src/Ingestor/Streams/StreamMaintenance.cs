using Microsoft.Extensions.Options;
using Pulse.Pipeline;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Keeps the stream no longer than needed: every interval it trims (<c>XTRIM MINID</c>) the
/// entries every active group has acknowledged, and refreshes the lag gauges. Every replica runs
/// it; trimming twice is harmless.
/// </summary>
public sealed class StreamMaintenance(
    IConnectionMultiplexer redis,
    StreamInspector inspector,
    IOptions<StreamConsumerOptions> options,
    IngestorMetrics metrics,
    TimeProvider time,
    ILogger<StreamMaintenance> logger) : BackgroundService
{
    private readonly StreamConsumerOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Twice a second on every replica: its results are metrics, not traces.
                using var untraced = UntracedWork.Begin();
                await TrimAsync();
                metrics.Observe(await inspector.InspectAsync(settings.StreamKey, stoppingToken));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Maintaining {Stream} failed; trying again", settings.StreamKey);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(settings.MaintenanceIntervalMs), time, stoppingToken);
        }
    }

    /// <returns>How many entries were trimmed.</returns>
    public async Task<long> TrimAsync()
    {
        if (await inspector.FindTrimPointAsync(settings.StreamKey) is not { } trimPoint)
        {
            return 0;
        }
        // Exact, not "~": an approximate trim may keep more, never less, but exact keeps XLEN an
        // honest measure of the backlog the Api's backpressure reads.
        var trimmed = await redis.GetDatabase().StreamTrimByMinIdAsync(settings.StreamKey, trimPoint);
        if (trimmed > 0)
        {
            metrics.EntriesTrimmed.Add(trimmed);
        }
        return trimmed;
    }
}
