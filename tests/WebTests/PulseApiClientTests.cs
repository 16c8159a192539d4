using System.Net;
using Pulse.Contracts.Realtime;
using Pulse.Web.Services.Api;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The Web's Api client: what it asks, and how each kind of failure comes back as a value.</summary>
public sealed class PulseApiClientTests : IDisposable
{
    private readonly StubApi api = new();
    private readonly PulseApiClient client;

    public PulseApiClientTests() => client = WebTestContext.ApiClient(api);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task Reads_a_value_and_sends_the_admin_key()
    {
        api.Returns("api/realtime/activity", Samples.Activity(eventsLast24Hours: 99));

        var result = await client.GetActivityAsync(60, Token);

        Assert.True(result.IsSuccess);
        Assert.Equal(99, result.Value.EventsLast24Hours);
        var request = Assert.Single(api.Requests);
        Assert.Equal("?minutes=60", request.Query);
        Assert.Equal(WebTestContext.AdminKey, request.Headers[Pulse.Contracts.Security.AuthHeaders.ApiKey]);
    }

    [Fact]
    public async Task Turns_problem_details_into_a_typed_problem_with_the_field_errors()
    {
        api.Fails("api/analytics/posts/top", HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["days"] = ["Must be between 1 and 365."] });

        var result = await client.GetTopPostsAsync(999, 10, Token);

        Assert.False(result.IsSuccess);
        Assert.Equal(ApiProblemKind.Invalid, result.Problem.Kind);
        Assert.Equal(400, result.Problem.Status);
        Assert.Equal("One or more validation errors occurred.", result.Problem.Title);
        Assert.Equal(["Must be between 1 and 365."], result.Problem.Errors!["days"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, ApiProblemKind.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized, ApiProblemKind.Forbidden)]
    [InlineData(HttpStatusCode.Forbidden, ApiProblemKind.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests, ApiProblemKind.RateLimited)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ApiProblemKind.StoreUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError, ApiProblemKind.Failed)]
    public async Task Names_each_kind_of_failure(HttpStatusCode status, ApiProblemKind kind)
    {
        api.Fails("api/posts/5", status, "Something");

        var result = await client.GetPostAsync(5, Token);

        Assert.Equal(kind, result.Problem!.Kind);
        Assert.Equal((int)status, result.Problem.Status);
    }

    [Fact]
    public async Task An_event_analytics_503_is_the_event_store_being_unavailable()
    {
        api.Fails("api/analytics/events/devices", HttpStatusCode.ServiceUnavailable, "The event store is not configured", "This deployment has no MongoDB.");

        var result = await client.GetDeviceActivityAsync(new EventQuery(), Token);

        Assert.True(result.IsEventStoreUnavailable);
        Assert.Equal("This deployment has no MongoDB.", result.Problem!.Detail);
    }

    [Fact]
    public async Task An_event_analytics_503_naming_another_store_is_that_stores_outage()
    {
        api.Fails("api/analytics/events/hours", HttpStatusCode.ServiceUnavailable, "Redis is unavailable");

        var result = await client.GetHourlyActivityAsync(new EventQuery(), Token);

        Assert.False(result.IsEventStoreUnavailable);
        Assert.Equal(ApiProblemKind.StoreUnavailable, result.Problem!.Kind);
    }

    [Fact]
    public async Task No_answer_is_an_unreachable_problem_not_an_exception()
    {
        api.Unreachable("api/status");

        var result = await client.GetStatusAsync(Token);

        Assert.Equal(ApiProblemKind.Unreachable, result.Problem!.Kind);
        Assert.Contains("Connection refused", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_the_contract_is_a_failure()
    {
        api.Route("api/status", null, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy error</html>", System.Text.Encoding.UTF8, "application/json") });

        var result = await client.GetStatusAsync(Token);

        Assert.Equal(ApiProblemKind.Failed, result.Problem!.Kind);
    }

    [Fact]
    public async Task The_callers_cancellation_still_throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetStatusAsync(cancelled.Token));
    }

    [Fact]
    public async Task Asks_for_counters_in_one_call_and_for_none_not_at_all()
    {
        api.Returns("api/counters", Samples.CountersFor(3, 4));

        var none = await client.GetCountersAsync([], Token);
        var some = await client.GetCountersAsync([3, 4], Token);

        Assert.Empty(none.Value!);
        Assert.Equal([3L, 4L], some.Value!.Select(counter => counter.PostId));
        Assert.Equal("?postIds=3,4", Assert.Single(api.Requests).Query);
    }

    [Fact]
    public async Task Sends_the_event_filters_as_utc_round_trip_times()
    {
        api.Returns("api/analytics/events/countries", Samples.EventReport<Pulse.Contracts.EventLog.CountryActivity>());
        var to = new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(2));

        await client.GetCountryActivityAsync(EventQuery.LastDays(7, to, postId: 42), Token);

        var query = Uri.UnescapeDataString(Assert.Single(api.Requests).Query);
        Assert.Equal("?from=2026-11-18T12:00:00.0000000Z&to=2026-11-25T12:00:00.0000000Z&postId=42", query);
    }

    [Fact]
    public async Task Replays_dead_letters_with_a_post()
    {
        api.Returns("api/admin/dead-letters/replay", new Pulse.Contracts.Pipeline.DeadLettersReplayed(3, 0), HttpMethod.Post);

        var result = await client.ReplayDeadLettersAsync(Token);

        Assert.Equal(3, result.Value!.Replayed);
        Assert.Equal(HttpMethod.Post, Assert.Single(api.Requests).Method);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_last_good_answer()
    {
        var good = ApiResult.Success(Samples.Activity());
        var failed = ApiResult.Failure<EventActivity>(new ApiProblem(ApiProblemKind.Unreachable, "The Api did not answer."));

        Assert.Same(good, failed.OrKeep(good));
        Assert.Same(failed, failed.OrKeep(null));
        var newer = ApiResult.Success(Samples.Activity(1));
        Assert.Same(newer, newer.OrKeep(good));
        await Task.CompletedTask;
    }
}
