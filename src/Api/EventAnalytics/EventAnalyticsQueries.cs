using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// Runs the event-analytics pipelines against the MongoDB event log; <see cref="EventLogAnswers"/> shapes their answers.
/// </summary>
/// <param name="database">Null where this deployment has no MongoDB (see ApplicationServiceExtensions); then <see cref="IsConfigured"/> is false.</param>
public sealed class EventAnalyticsQueries(IMongoDatabase? database = null)
{
    /// <summary>Bounds one query's server time, so a wide range cannot tie up the event store.</summary>
    public static readonly TimeSpan MaxQueryTime = TimeSpan.FromSeconds(30);

    private static readonly AggregateOptions Options = new() { AllowDiskUse = true, MaxTime = MaxQueryTime };

    public bool IsConfigured => database is not null;

    public async Task<IReadOnlyList<DeviceActivity>> ByDeviceAsync(EventFilter filter, CancellationToken cancellationToken) =>
        EventLogAnswers.Devices(await RunAsync(ActivityPipelines.ByDevice(filter), cancellationToken));

    public async Task<IReadOnlyList<CountryActivity>> ByCountryAsync(EventFilter filter, CancellationToken cancellationToken) =>
        EventLogAnswers.Countries(await RunAsync(ActivityPipelines.ByCountry(filter), cancellationToken));

    /// <summary>All 24 hours in order, the quiet ones with zeros.</summary>
    public async Task<IReadOnlyList<HourlyActivity>> ByHourAsync(EventFilter filter, CancellationToken cancellationToken) =>
        EventLogAnswers.Hours(await RunAsync(ActivityPipelines.ByHour(filter), cancellationToken));

    public async Task<IReadOnlyList<EventTypeShare>> ByTypeAsync(EventFilter filter, CancellationToken cancellationToken) =>
        EventLogAnswers.Types(await RunAsync(ActivityPipelines.ByType(filter), cancellationToken));

    public async Task<EventTimelinePage> TimelineAsync(long userId, TimelineCursor? before, int limit, CancellationToken cancellationToken) =>
        EventLogAnswers.TimelinePage(userId, await RunAsync(TimelinePipeline.Build(userId, before, limit + 1), cancellationToken), limit);

    /// <summary>The top cells of a two-property breakdown and the rest summed; see <see cref="BreakdownPipeline"/>.</summary>
    public async Task<BreakdownAnswer> BreakdownAsync(BreakdownQuery query, CancellationToken cancellationToken) =>
        EventLogAnswers.Breakdown(await RunAsync(BreakdownPipeline.Build(query), cancellationToken));

    private async Task<List<BsonDocument>> RunAsync(PipelineDefinition<BsonDocument, BsonDocument> pipeline, CancellationToken cancellationToken)
    {
        var events = (database ?? throw new InvalidOperationException("No MongoDB is configured; check IsConfigured first."))
            .GetCollection<BsonDocument>(MongoCollections.Events);
        using var cursor = await events.AggregateAsync(pipeline, Options, cancellationToken);
        return await cursor.ToListAsync(cancellationToken);
    }
}
