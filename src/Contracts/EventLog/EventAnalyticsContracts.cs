using System.Text.Json;
using Pulse.Contracts.Events;

namespace Pulse.Contracts.EventLog;

/// <summary>
/// One event-analytics answer: the range it covers (<paramref name="From"/> inclusive,
/// <paramref name="To"/> exclusive, the defaults resolved), the filters applied, and its rows.
/// </summary>
public sealed record EventReport<TRow>(DateTimeOffset From, DateTimeOffset To, long? PostId, string? Type, IReadOnlyList<TRow> Rows);

/// <summary>Events and distinct users per device type and OS; null where events did not say.</summary>
public sealed record DeviceActivity(string? DeviceType, string? Os, long Events, long Users);

/// <summary>Events and distinct users per ISO 3166-1 alpha-2 country; null where events did not say.</summary>
public sealed record CountryActivity(string? Country, long Events, long Users);

/// <summary>Events and distinct users in one hour of the day (UTC, 0 to 23).</summary>
public sealed record HourlyActivity(int Hour, long Events, long Users);

/// <summary>Events and distinct users of one type, and the type's share of all events in the range (0 to 1).</summary>
public sealed record EventTypeShare(string Type, long Events, long Users, double Share);

/// <summary>One event of a user's timeline, as the event log stores it.</summary>
public sealed record TimelineEvent(
    Guid Id,
    string Type,
    long? PostId,
    long? TargetUserId,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    EventDevice? Device,
    EventGeo? Geo,
    JsonElement? Properties);

/// <summary>A page of a user's timeline, newest first; pass <paramref name="NextCursor"/> as <c>before</c> for the next page.</summary>
public sealed record EventTimelinePage(long UserId, IReadOnlyList<TimelineEvent> Events, string? NextCursor);
