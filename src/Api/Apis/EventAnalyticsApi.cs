using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Api.Analytics;
using Pulse.Api.EventAnalytics;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Realtime;
using Pulse.Data.Analytics;
using Pulse.ServiceDefaults.MongoDB;

namespace Pulse.Api.Apis;

/// <summary>
/// Aggregation pipelines over the MongoDB raw event log. Each report covers <c>from</c> (inclusive)
/// to <c>to</c> (exclusive), by default the last 7 days, at most 90; without MongoDB they answer 503.
/// </summary>
public static class EventAnalyticsApi
{
    public const int DefaultTimelineLimit = 50;
    public const int MaxTimelineLimit = 100;

    public static IEndpointRouteBuilder MapEventAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("api/analytics/events").WithTags("Event analytics").RequireAuthorization(PulseAuth.AnalystPolicy).RequireRateLimiting(RateLimitPolicies.Analytics);

        events.MapGet("devices", GetEventActivityByDevice)
            .WithName(nameof(GetEventActivityByDevice))
            .WithSummary("Events and distinct users per device type and OS")
            .WithDescription("Over from..to (default the last 7 days), optionally for one postId and one event type.");
        events.MapGet("countries", GetEventActivityByCountry)
            .WithName(nameof(GetEventActivityByCountry))
            .WithSummary("Events and distinct users per country")
            .WithDescription("Over from..to (default the last 7 days), optionally for one postId and one event type.");
        events.MapGet("hours", GetEventActivityByHour)
            .WithName(nameof(GetEventActivityByHour))
            .WithSummary("Events and distinct users per hour of the day (UTC), all 24 hours")
            .WithDescription("Over from..to (default the last 7 days), optionally for one postId and one event type.");
        events.MapGet("types", GetEventTypeMix)
            .WithName(nameof(GetEventTypeMix))
            .WithSummary("Events, distinct users and share of all events per event type")
            .WithDescription("Over from..to (default the last 7 days), optionally for one postId.");
        events.MapGet("breakdown", GetEventBreakdown)
            .WithName(nameof(GetEventBreakdown))
            .WithSummary("Events and distinct users by two properties at once: the top cells and the rest")
            .WithDescription(
                "'by' and 'then' name two different properties of deviceType, os, browser, country, type; events that did not say group under null. " +
                "Over from..to (default the last 7 days), optionally for one postId, and with equality filters on the properties not grouped " +
                "(deviceType=, os=, browser=, country=, type=). The 'limit' cells with the most events (default 20, at most 100) come first; " +
                "'other' sums the rest: its events, how many cells, and its distinct users, each counted once however many of those cells they are in.");
        events.MapGet("users/{id:long}/timeline", GetUserEventTimeline)
            .WithName(nameof(GetUserEventTimeline))
            .WithSummary("A user's events, newest first, one page at a time")
            .WithDescription("Keyset pagination: pass the page's nextCursor as 'before' to get the next page.");
        events.MapGet("heatmap", GetEventHeatmap)
            .WithName(nameof(GetEventHeatmap))
            .WithSummary("The audience heatmap computed from the raw event log: a cross-check of /api/analytics/audience-heatmap")
            .WithDescription(
                "The same answer, by the same definitions, as GET /api/analytics/audience-heatmap (or, with authorId, /api/analytics/users/{id}/audience-heatmap), " +
                "from the events themselves: grouped by (UTC hour, user), then by the local weekday and hour each UTC hour starts in. Window: days (1 to " +
                MaxHeatmapDays + ", default 28) UTC days ending asOf (default today). The followers are read from PostgreSQL; 404 when there is no such author. " +
                "Unlike PostgreSQL, the event log also holds events of users who no longer exist. " + AnalyticsApi.HeatmapDescription);

        return app;
    }

    public static Task<Results<Ok<EventReport<DeviceActivity>>, ValidationProblem, ProblemHttpResult>> GetEventActivityByDevice(
        EventAnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null, [FromQuery] long? postId = null, [FromQuery] string? type = null) =>
        ReportAsync(queries, time, from, to, postId, type, queries.ByDeviceAsync, cancellationToken);

    public static Task<Results<Ok<EventReport<CountryActivity>>, ValidationProblem, ProblemHttpResult>> GetEventActivityByCountry(
        EventAnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null, [FromQuery] long? postId = null, [FromQuery] string? type = null) =>
        ReportAsync(queries, time, from, to, postId, type, queries.ByCountryAsync, cancellationToken);

    public static Task<Results<Ok<EventReport<HourlyActivity>>, ValidationProblem, ProblemHttpResult>> GetEventActivityByHour(
        EventAnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null, [FromQuery] long? postId = null, [FromQuery] string? type = null) =>
        ReportAsync(queries, time, from, to, postId, type, queries.ByHourAsync, cancellationToken);

    public static Task<Results<Ok<EventReport<EventTypeShare>>, ValidationProblem, ProblemHttpResult>> GetEventTypeMix(
        EventAnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null, [FromQuery] long? postId = null) =>
        ReportAsync(queries, time, from, to, postId, type: null, queries.ByTypeAsync, cancellationToken);

    public static async Task<Results<Ok<EventBreakdownReport>, ValidationProblem, ProblemHttpResult>> GetEventBreakdown(
        [AsParameters] BreakdownRequest request, EventAnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var filters = request.Filters;
        var range = ResolveFilter(request.From, request.To, request.PostId, filters.Type, time, errors);
        var by = Property("by", request.By, errors);
        var then = Property("then", request.Then, errors);
        if (by is { } first && then is { } second)
        {
            if (first == second)
            {
                errors.Add("then", $"Must differ from 'by' ({first.WireName()}).");
            }
            foreach (var grouped in new[] { first, second }.Distinct().Where(property => filters.For(property) is not null))
            {
                errors.Add(grouped.WireName(), $"Cannot filter on {grouped.WireName()}: the breakdown groups by it.");
            }
        }
        errors.InRange("limit", request.CellLimit, 1, BreakdownRequest.MaxLimit);
        if (errors.Any || range is not { } valid || by is not { } byProperty || then is not { } thenProperty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = new BreakdownQuery(new EventFilter(valid, request.PostId, filters.Type), byProperty, thenProperty, filters, request.CellLimit);
        return await QueryAsync(queries, async () =>
        {
            var answer = await queries.BreakdownAsync(query, cancellationToken);
            return new EventBreakdownReport(valid.From, valid.To, byProperty, thenProperty, request.PostId, filters, request.CellLimit, answer.Cells, answer.Other);
        });
    }

    public static async Task<Results<Ok<EventTimelinePage>, ValidationProblem, ProblemHttpResult>> GetUserEventTimeline(
        long id, EventAnalyticsQueries queries, CancellationToken cancellationToken,
        [FromQuery] int limit = DefaultTimelineLimit, [FromQuery] string? before = null)
    {
        var errors = new ValidationErrors();
        if (id <= 0)
        {
            errors.Add("id", "Must be a positive user id.");
        }
        errors.InRange("limit", limit, 1, MaxTimelineLimit);
        TimelineCursor? cursor = null;
        if (before is not null)
        {
            if (TimelineCursor.TryDecode(before, out var decoded))
            {
                cursor = decoded;
            }
            else
            {
                errors.Add("before", "Not a cursor this Api gave out.");
            }
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return await QueryAsync(queries, () => queries.TimelineAsync(id, cursor, limit, cancellationToken));
    }

    private static async Task<Results<Ok<EventReport<TRow>>, ValidationProblem, ProblemHttpResult>> ReportAsync<TRow>(
        EventAnalyticsQueries queries, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, long? postId, string? type,
        Func<EventFilter, CancellationToken, Task<IReadOnlyList<TRow>>> query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var range = ResolveFilter(from, to, postId, type, time, errors);
        if (errors.Any || range is not { } valid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var filter = new EventFilter(valid, postId, type);
        return await QueryAsync(queries, async () =>
            new EventReport<TRow>(valid.From, valid.To, postId, type, await query(filter, cancellationToken)));
    }

    /// <summary>The range asked for, checking the post id and type beside it; null, with the reasons in <paramref name="errors"/>, when the range is not valid.</summary>
    private static EventRange? ResolveFilter(DateTimeOffset? from, DateTimeOffset? to, long? postId, string? type, TimeProvider time, ValidationErrors errors)
    {
        var range = EventRange.Resolve(from, to, time.GetUtcNow(), errors);
        if (postId is <= 0)
        {
            errors.Add("postId", "Must be a positive post id.");
        }
        if (type is not null && !EventTypes.All.Contains(type))
        {
            errors.Add("type", $"Unknown type; one of: {string.Join(", ", EventTypes.All.Order(StringComparer.Ordinal))}.");
        }
        return range;
    }

    /// <summary>The property a query parameter names; null, with the reason in <paramref name="errors"/>, when it names none.</summary>
    private static BreakdownProperty? Property(string parameter, string? name, ValidationErrors errors)
    {
        if (BreakdownProperties.TryParse(name, out var property))
        {
            return property;
        }
        errors.Add(parameter, name is null
            ? $"Required; one of: {BreakdownProperties.Names}."
            : $"Unknown property; one of: {BreakdownProperties.Names}.");
        return null;
    }

    /// <summary>Runs a query once the request is valid: 503 where there is no event store, or it does not answer.</summary>
    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> QueryAsync<T>(EventAnalyticsQueries queries, Func<Task<T>> query)
    {
        if (!queries.IsConfigured)
        {
            return EventStoreProblems.NotConfigured();
        }
        try
        {
            return TypedResults.Ok(await query());
        }
        catch (Exception exception) when (exception is not OperationCanceledException && MongoFailures.IsTransient(exception))
        {
            return EventStoreProblems.Unavailable();
        }
    }

    /// <summary>The event log keeps 90 days by default (<see cref="EventRange.MaxSpan"/>).</summary>
    public const int MaxHeatmapDays = 90;

    public static async Task<Results<Ok<AudienceHeatmap>, ValidationProblem, ProblemHttpResult>> GetEventHeatmap(
        EventHeatmapQuery heatmap, FollowerIdsQuery followers, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] int days = AnalyticsApi.DefaultHeatmapDays, [FromQuery] DateOnly? asOf = null,
        [FromQuery] string tz = TimeZoneNames.Default, [FromQuery] long? authorId = null)
    {
        var errors = new ValidationErrors();
        errors.InRange("days", days, 1, MaxHeatmapDays);
        errors.InDateRange("asOf", asOf);
        if (!TimeZoneNames.IsKnown(tz))
        {
            errors.Add("tz", TimeZoneNames.Message);
        }
        if (authorId is <= 0)
        {
            errors.Add("authorId", "Must be a positive user id.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        if (!heatmap.IsConfigured)
        {
            return EventStoreProblems.NotConfigured();
        }

        long[]? audience = null;
        if (authorId is { } author && (audience = await followers.ExecuteAsync(author, cancellationToken)) is null)
        {
            return UsersApi.UserNotFound(author);
        }
        var window = new AnalyticsWindow(asOf ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), days);
        try
        {
            return TypedResults.Ok(await heatmap.ExecuteAsync(authorId, audience, window, tz, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException && MongoFailures.IsTransient(exception))
        {
            return EventStoreProblems.Unavailable();
        }
    }
}
