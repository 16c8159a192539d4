using System.Text.Json.Serialization;

namespace Pulse.Contracts.Status;

/// <summary>Whether a store answered its probe.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StoreState>))]
public enum StoreState
{
    Up,
    Down,
    Unavailable,
}

/// <summary>One store's answer to a probe: PostgreSQL <c>select 1</c>, Redis <c>PING</c>, MongoDB <c>ping</c>.</summary>
/// <param name="Store">Which store (see <see cref="StoreNames"/>).</param>
/// <param name="State"><see cref="StoreState.Unavailable"/> means the store is not configured in this deployment.</param>
/// <param name="LatencyMs">Round-trip time of the probe, when it answered.</param>
/// <param name="Detail">Why a store is down or unavailable.</param>
public sealed record StoreStatus(string Store, StoreState State, double? LatencyMs, string? Detail);

/// <summary>The Api's view of every store it depends on.</summary>
public sealed record SystemStatus(IReadOnlyList<StoreStatus> Stores, DateTimeOffset CheckedAt)
{
    public bool AllUp => Stores.All(store => store.State == StoreState.Up);
}

public static class StoreNames
{
    public const string PostgreSql = "postgresql";
    public const string Redis = "redis";
    public const string MongoDB = "mongodb";
}
