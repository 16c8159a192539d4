using System.Globalization;
using System.Text.Json;

namespace Pulse.LoadGen.Simulation;

/// <summary>
/// The <c>--report</c> file: what was sent, what the Api answered, and the unique accepted events by
/// type and by post (type names as in <c>EventTypes</c>), for comparing with Pulse's aggregates.
/// </summary>
public sealed record SimulationReport(
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Api,
    double Rate,
    int Seed,
    long Generated,
    long Sent,
    long RetriesSent,
    long BackoffResends,
    long AcceptedByApi,
    long DuplicatesByApi,
    IReadOnlyDictionary<string, long> RefusedBatches,
    long RefusedEvents,
    long UniqueAccepted,
    IReadOnlyDictionary<string, long> UniqueByType,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> UniqueByPost)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static SimulationReport From(SimulationTally tally, DateTimeOffset startedAt, DateTimeOffset endedAt, string api, double rate, int seed) => new(
        startedAt, endedAt, api, rate, seed,
        tally.Generated, tally.Sent, tally.RetriesSent, tally.BackoffResends, tally.AcceptedByApi, tally.DuplicatesByApi,
        tally.RefusedBatches.ToDictionary(pair => ((int)pair.Key).ToString(CultureInfo.InvariantCulture), pair => pair.Value),
        tally.RefusedEvents, tally.UniqueAccepted,
        new SortedDictionary<string, long>(tally.UniqueByType, StringComparer.Ordinal),
        tally.UniqueByPost.OrderBy(pair => pair.Key).ToDictionary(
            pair => pair.Key.ToString(CultureInfo.InvariantCulture),
            pair => (IReadOnlyDictionary<string, long>)new SortedDictionary<string, long>(pair.Value, StringComparer.Ordinal)));

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, cancellationToken);
    }
}
