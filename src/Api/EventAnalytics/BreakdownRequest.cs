using Microsoft.AspNetCore.Mvc;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>The query string of a two-property breakdown; <c>by</c> and <c>then</c> take the wire names of <see cref="BreakdownProperties"/>.</summary>
public sealed class BreakdownRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [FromQuery(Name = "by")]
    public string? By { get; init; }

    [FromQuery(Name = "then")]
    public string? Then { get; init; }

    [FromQuery(Name = "from")]
    public DateTimeOffset? From { get; init; }

    [FromQuery(Name = "to")]
    public DateTimeOffset? To { get; init; }

    [FromQuery(Name = "postId")]
    public long? PostId { get; init; }

    [FromQuery(Name = BreakdownProperties.DeviceTypeName)]
    public string? DeviceType { get; init; }

    [FromQuery(Name = BreakdownProperties.OsName)]
    public string? Os { get; init; }

    [FromQuery(Name = BreakdownProperties.BrowserName)]
    public string? Browser { get; init; }

    [FromQuery(Name = BreakdownProperties.CountryName)]
    public string? Country { get; init; }

    [FromQuery(Name = BreakdownProperties.TypeName)]
    public string? Type { get; init; }

    /// <summary>Nullable, as minimal APIs require a non-nullable property's parameter; <see cref="CellLimit"/> fills in the default.</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    public int CellLimit => Limit ?? DefaultLimit;

    /// <summary>The filters given; an empty value is no filter.</summary>
    public BreakdownFilters Filters => new(
        NullIfEmpty(DeviceType), NullIfEmpty(Os), NullIfEmpty(Browser), NullIfEmpty(Country), NullIfEmpty(Type));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
