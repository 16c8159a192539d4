using System.Diagnostics.Metrics;
using Pulse.ServiceDefaults;

namespace Pulse.Ingestor.Notifications;

/// <summary>Counters of the notifications published after each applied batch, on the Ingestor's Meter.</summary>
public sealed class NotificationMetrics : IDisposable
{
    private readonly Meter meter;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(PulseTelemetry.IngestorSource);
        Published = meter.CreateCounter<long>("pulse.ingestor.notifications.published", "{message}", "Notification and trending messages published on Redis pub/sub.");
        Failed = meter.CreateCounter<long>("pulse.ingestor.notifications.failed", "{message}", "Notification and trending messages lost because publishing failed (notifications are best-effort).");
    }

    public Counter<long> Published { get; }

    public Counter<long> Failed { get; }

    public void Dispose() => meter.Dispose();
}
