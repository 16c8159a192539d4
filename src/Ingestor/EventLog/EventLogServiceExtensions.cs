using Pulse.Contracts;
using Pulse.Ingestor.Streams;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.Ingestor.EventLog;

public static class EventLogServiceExtensions
{
    /// <summary>
    /// Adds the MongoDB event log sink when <c>ConnectionStrings:events</c> is configured. Without
    /// it there is no sink, so the <c>eventlog</c> group is never created and holds nothing back.
    /// </summary>
    public static IHostApplicationBuilder AddEventLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.EventsDatabase)))
        {
            return builder;
        }

        builder.AddMongoDBClient(ResourceNames.EventsDatabase);
        // Without MongoDB this group waits while the aggregates go on: the Ingestor is degraded.
        builder.ServesDegradedWithout(StoreHealthChecks.MongoDB(ResourceNames.EventsDatabase));
        // The TTL index's retention.
        builder.AddRetentionPolicy();
        builder.Services.AddSingleton<EventLogIndexes>();
        builder.Services.AddSingleton<IEventBatchSink, EventLogSink>();

        return builder;
    }
}
