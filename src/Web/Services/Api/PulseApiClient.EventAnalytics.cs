using System.Text;
using Pulse.Contracts.EventLog;

namespace Pulse.Web.Services.Api;

/// <summary>Filters of the event-analytics endpoints; null leaves the Api's default (the last 7 days, every post).</summary>
public sealed record EventQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, long? PostId = null)
{
    /// <summary>The last <paramref name="days"/> days up to <paramref name="now"/>.</summary>
    public static EventQuery LastDays(int days, DateTimeOffset now, long? postId = null) => new(now.AddDays(-days), now, postId);

    /// <summary>The <paramref name="days"/> whole UTC days ending with today's, from midnight to midnight.</summary>
    public static EventQuery WholeDays(int days, DateTimeOffset now, long? postId = null)
    {
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        return new(tomorrow.AddDays(-days), tomorrow, postId);
    }

    internal string ToQueryString()
    {
        var query = new StringBuilder();
        Append(query, "from", From);
        Append(query, "to", To);
        if (PostId is { } postId)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append("postId=").Append(postId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return query.ToString();
    }

    private static void Append(StringBuilder query, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=')
                .Append(Uri.EscapeDataString(time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}

/// <summary>
/// The MongoDB-backed reports. Without an event store they answer 503 problem details, which come
/// back as <see cref="ApiProblemKind.EventStoreUnavailable"/> (see <see cref="ApiResult{T}.IsEventStoreUnavailable"/>).
/// </summary>
public sealed partial class PulseApiClient
{
    public Task<ApiResult<EventReport<DeviceActivity>>> GetDeviceActivityAsync(EventQuery query, CancellationToken cancellationToken) =>
        GetAsync<EventReport<DeviceActivity>>("api/analytics/events/devices" + query.ToQueryString(), cancellationToken, eventStore: true);

    public Task<ApiResult<EventReport<CountryActivity>>> GetCountryActivityAsync(EventQuery query, CancellationToken cancellationToken) =>
        GetAsync<EventReport<CountryActivity>>("api/analytics/events/countries" + query.ToQueryString(), cancellationToken, eventStore: true);

    /// <summary>Events and distinct users by <paramref name="by"/> and <paramref name="then"/>: the top <paramref name="limit"/> cells and the rest.</summary>
    public Task<ApiResult<EventBreakdownReport>> GetEventBreakdownAsync(
        EventQuery query, BreakdownProperty by, BreakdownProperty then, int limit, CancellationToken cancellationToken)
    {
        var range = query.ToQueryString();
        var uri = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"api/analytics/events/breakdown{range}{(range.Length == 0 ? '?' : '&')}by={by.WireName()}&then={then.WireName()}&limit={limit}");
        return GetAsync<EventBreakdownReport>(uri, cancellationToken, eventStore: true);
    }

    public Task<ApiResult<EventReport<HourlyActivity>>> GetHourlyActivityAsync(EventQuery query, CancellationToken cancellationToken) =>
        GetAsync<EventReport<HourlyActivity>>("api/analytics/events/hours" + query.ToQueryString(), cancellationToken, eventStore: true);
}
