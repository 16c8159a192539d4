namespace Pulse.Contracts.EventLog;

/// <summary>Where a funnel's figures came from.</summary>
public static class FunnelSources
{
    /// <summary>The MongoDB event log: (user, post) pairs, each step after the one before, within the window from the view.</summary>
    public const string EventLog = "eventLog";

    /// <summary>The PostgreSQL daily aggregates, when the event log cannot answer: event counts per step, not ordered per user.</summary>
    public const string Aggregates = "aggregates";
}

/// <summary>
/// One step of a funnel: how many reached it, their share of the first step and of the step before,
/// and how many of the step before did not reach it.
/// </summary>
public sealed record FunnelStep(string Name, long Count, double? ShareOfFirst, double? ShareOfPrevious, long DroppedOff);

/// <summary>
/// View → like → comment or share, for one post or all of them, over <paramref name="From"/>
/// (inclusive) to <paramref name="To"/> (exclusive). <paramref name="Unit"/> says what a step counts:
/// <c>users</c> ((user, post) pairs, each step within <paramref name="WithinMinutes"/> of the view and
/// after the step before) from the event log, or <c>events</c> from the aggregates.
/// </summary>
public sealed record FunnelReport(
    DateTimeOffset From,
    DateTimeOffset To,
    long? PostId,
    int WithinMinutes,
    string Source,
    string Unit,
    bool Ordered,
    IReadOnlyList<FunnelStep> Steps);
