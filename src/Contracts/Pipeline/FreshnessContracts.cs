namespace Pulse.Contracts.Pipeline;

/// <summary>
/// How fresh the PostgreSQL aggregates are (<c>GET /api/freshness</c>): every event the Api accepted
/// before <paramref name="Watermark"/> has been applied to them. Read from the event stream: the time
/// of the oldest entry the aggregates consumer group has not acknowledged, or the inspection time
/// when it is caught up. Figures read from Redis (counters, trending, events per minute) are live
/// and need none of this.
/// </summary>
/// <param name="Group">The consumer group that applies events to PostgreSQL.</param>
/// <param name="State">What an operator decided about it: running, paused (nothing is applied until it resumes) or retired (nothing is applied any more).</param>
/// <param name="Exists">Whether the group exists on the stream; a retired one was removed, a new one is created by the first Ingestor.</param>
/// <param name="Watermark">Every event accepted before this instant is in the aggregates; null when the group does not exist.</param>
/// <param name="BehindSeconds">How far <paramref name="Watermark"/> trails <paramref name="CheckedAt"/>; null when the group does not exist.</param>
/// <param name="BehindThresholdSeconds">Past this the figures count as behind (<c>Pulse:Freshness:BehindThreshold</c>): the dashboard says so.</param>
/// <param name="IsBehind">Whether <paramref name="BehindSeconds"/> is past the threshold.</param>
/// <param name="CheckedAt">When the stream was inspected (answers are shared for up to <c>Pulse:Freshness:CacheDuration</c>).</param>
public sealed record AggregatesFreshness(
    string Group,
    ConsumerGroupState State,
    bool Exists,
    DateTimeOffset? Watermark,
    double? BehindSeconds,
    double BehindThresholdSeconds,
    bool IsBehind,
    DateTimeOffset CheckedAt);
