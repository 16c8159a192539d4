using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.Data.Analytics;
using Pulse.ServiceDefaults.MongoDB;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// The view → like → comment-or-share funnel: from the event log (<see cref="FunnelPipeline"/>), or,
/// when there is no event log or it does not answer and the range is whole UTC days, from the daily
/// aggregates (<see cref="FunnelFallbackQuery"/>). Null when neither can answer.
/// </summary>
/// <param name="database">Null where this deployment has no MongoDB.</param>
public sealed class FunnelQuery(FunnelFallbackQuery fallback, IMongoDatabase? database = null)
{
    public static readonly IReadOnlyList<string> StepNames = ["viewed", "liked", "commented or shared"];

    private static readonly AggregateOptions Options = new() { AllowDiskUse = true, MaxTime = EventAnalyticsQueries.MaxQueryTime };

    public async Task<FunnelReport?> ExecuteAsync(EventRange range, long? postId, TimeSpan within, CancellationToken cancellationToken)
    {
        if (database is not null)
        {
            try
            {
                return await FromEventLogAsync(database, range, postId, within, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && MongoFailures.IsTransient(exception) && WholeDays(range) is not null)
            {
                // The aggregates answer below.
            }
        }
        return WholeDays(range) is { } window
            ? Report(range, postId, within, FunnelSources.Aggregates, "events", ordered: false, await fallback.ExecuteAsync(postId, window, cancellationToken))
            : null;
    }

    /// <summary>The range as whole UTC days, which the daily aggregates can answer for; null otherwise.</summary>
    public static AnalyticsWindow? WholeDays(EventRange range)
    {
        var from = range.From.ToUniversalTime();
        var to = range.To.ToUniversalTime();
        if (from.TimeOfDay != TimeSpan.Zero || to.TimeOfDay != TimeSpan.Zero)
        {
            return null;
        }
        var last = DateOnly.FromDateTime(to.UtcDateTime).AddDays(-1);
        return new AnalyticsWindow(last, last.DayNumber - DateOnly.FromDateTime(from.UtcDateTime).DayNumber + 1);
    }

    private static async Task<FunnelReport> FromEventLogAsync(IMongoDatabase database, EventRange range, long? postId, TimeSpan within, CancellationToken cancellationToken)
    {
        var events = database.GetCollection<BsonDocument>(MongoCollections.Events);
        using var cursor = await events.AggregateAsync(FunnelPipeline.Build(range, postId, within), Options, cancellationToken);
        return FromEventLog(range, postId, within, await cursor.FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>The report from the pipeline's one answer, or none when no journey started in the range.</summary>
    public static FunnelReport FromEventLog(EventRange range, long? postId, TimeSpan within, BsonDocument? answer)
    {
        long[] counts = answer is null
            ? [0, 0, 0]
            : [answer[FunnelPipeline.Output.Viewed].ToInt64(), answer[FunnelPipeline.Output.Liked].ToInt64(), answer[FunnelPipeline.Output.Engaged].ToInt64()];
        return Report(range, postId, within, FunnelSources.EventLog, "users", ordered: true, counts);
    }

    public static FunnelReport Report(EventRange range, long? postId, TimeSpan within, string source, string unit, bool ordered, long[] counts)
    {
        var steps = new FunnelStep[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            var previous = i == 0 ? (long?)null : counts[i - 1];
            steps[i] = new FunnelStep(
                StepNames[i],
                counts[i],
                counts[0] == 0 ? null : (double)counts[i] / counts[0],
                previous is { } before && before > 0 ? (double)counts[i] / before : null,
                previous is { } reached ? Math.Max(0, reached - counts[i]) : 0);
        }
        return new FunnelReport(range.From, range.To, postId, (int)within.TotalMinutes, source, unit, ordered, steps);
    }
}
