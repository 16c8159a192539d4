using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// A two-property breakdown: the events <paramref name="Events"/> matches (range, post, type),
/// narrowed by the equality <paramref name="Filters"/> on device and geo, grouped by
/// <paramref name="By"/> and <paramref name="Then"/>, the top <paramref name="Limit"/> cells kept.
/// </summary>
public sealed record BreakdownQuery(EventFilter Events, BreakdownProperty By, BreakdownProperty Then, BreakdownFilters Filters, int Limit);

/// <summary>What a breakdown pipeline's answer says, before the report adds what was asked.</summary>
public sealed record BreakdownAnswer(IReadOnlyList<BreakdownCell> Cells, BreakdownOther? Other);
