using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Api.EventAnalytics;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Reports;

namespace Pulse.Api.Reports;

/// <summary>
/// The overview report's MongoDB part: devices, countries and hours of the day of the events on
/// some posts, the three pipelines at once. It never fails the report: without MongoDB, or when
/// MongoDB fails or does not answer within <see cref="ReportOptions.EventStoreTimeout"/>, the
/// breakdown says it is unavailable and why.
/// </summary>
public sealed class EventBreakdownReader(EventAnalyticsQueries queries, IOptions<ReportOptions> options, ILogger<EventBreakdownReader> logger)
{
    public static readonly string NotConfiguredReason =
        $"No MongoDB is configured (ConnectionStrings:{ResourceNames.EventsDatabase} is not set), so there is no event log to break down.";

    public async Task<EventBreakdown> ReadAsync(IReadOnlyCollection<long> postIds, EventRange range, CancellationToken cancellationToken)
    {
        if (!queries.IsConfigured)
        {
            return Unavailable(NotConfiguredReason);
        }
        if (postIds.Count == 0)
        {
            return new EventBreakdown(true, null, [], [], [.. Enumerable.Range(0, 24).Select(hour => new HourlyActivity(hour, 0, 0))]);
        }

        var timeout = options.Value.EventStoreTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var filter = new EventFilter(range, PostIds: postIds);
        var devices = queries.ByDeviceAsync(filter, deadline.Token);
        var countries = queries.ByCountryAsync(filter, deadline.Token);
        var hours = queries.ByHourAsync(filter, deadline.Token);
        try
        {
            await Task.WhenAll(devices, countries, hours);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (deadline.IsCancellationRequested)
            {
                var slow = string.Create(CultureInfo.InvariantCulture, $"MongoDB did not answer within {timeout.TotalSeconds:0.###} s.");
                logger.LogWarning("The overview report goes out without its event breakdown: {Reason}", slow);
                return Unavailable(slow);
            }
            var failed = $"MongoDB failed ({exception.GetType().Name}); the Api's log has the details.";
            logger.LogWarning(exception, "The overview report goes out without its event breakdown: {Reason}", failed);
            return Unavailable(failed);
        }
        return new EventBreakdown(true, null, devices.Result, countries.Result, hours.Result);
    }

    private static EventBreakdown Unavailable(string reason) => new(false, reason, [], [], []);
}
