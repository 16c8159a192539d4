namespace Pulse.Api.Realtime;

/// <summary>
/// What one caller may put into the stream, as the event script checks it: a budget of
/// <paramref name="EventsPerMinute"/> (0: none) and at most <paramref name="MostHeld"/> of its
/// events waiting in the stream at once (0: no limit).
/// </summary>
/// <param name="Caller"><c>key:{id}</c> for an API key, <c>user:{id}</c> for a session.</param>
public sealed record CallerBudget(string Caller, int EventsPerMinute, long MostHeld)
{
    /// <summary>For the Api's own writers (tests, benchmarks): no budget, no share.</summary>
    public static readonly CallerBudget None = new("none", 0, 0);
}

/// <summary>A batch the event script accepted (whole, though some events may be resends).</summary>
/// <param name="BudgetLeft">Events the caller may still send now; null when it has no budget.</param>
public sealed record RecordedBatch(IReadOnlyList<EventOutcome> Outcomes, int? BudgetLeft);
