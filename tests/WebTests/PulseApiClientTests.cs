using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.TestSupport;
using Pulse.Web.Security;
using Pulse.Web.Services.Api;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The Web's Api client: what it asks, as whom, and how each kind of failure comes back as a value.</summary>
public sealed class PulseApiClientTests : IDisposable
{
    private readonly StubApi api = new();
    private readonly EndedSessions ended = new(TimeProvider.System);
    private readonly ApiCaller caller;
    private readonly PulseApiClient client;

    public PulseApiClientTests()
    {
        caller = new ApiCaller(new TestAuthenticationState(TestPeople.Analyst), ended, TimeProvider.System);
        client = WebTestContext.ApiClient(api, caller);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task Reads_a_value_with_the_signed_in_persons_token_as_bearer()
    {
        api.Returns("api/realtime/activity", Samples.Activity(eventsLast24Hours: 99));

        var result = await client.GetActivityAsync(60, Token);

        Assert.True(result.IsSuccess);
        Assert.Equal(99, result.Value.EventsLast24Hours);
        var request = Assert.Single(api.Requests);
        Assert.Equal("?minutes=60", request.Query);
        Assert.Equal("Bearer " + TestPeople.Analyst.Token, request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Every_call_carries_the_persons_token_and_never_an_api_key()
    {
        api.Returns("api/status", new Pulse.Contracts.Status.SystemStatus([], Samples.Now))
            .Returns("api/admin/pipeline", Samples.Pipeline())
            .Returns("api/admin/dead-letters/replay", new Pulse.Contracts.Pipeline.DeadLettersReplayed(1, 0), HttpMethod.Post)
            .ReturnsFile("api/reports/overview.csv", "text/csv", "section\n");

        await client.GetStatusAsync(Token);
        await client.GetPipelineAsync(Token);
        await client.GetTrendingAsync(10, Token);
        await client.ReplayDeadLettersAsync(Token);
        var csv = await client.OpenOverviewCsvAsync(7, Token);
        await csv.Value!.DisposeAsync();

        Assert.Equal(5, api.Requests.Count);
        Assert.All(api.Requests, request =>
        {
            Assert.Equal("Bearer " + TestPeople.Analyst.Token, request.Headers["Authorization"]);
            Assert.DoesNotContain(request.Headers.Keys, name => name.Equals(AuthHeaders.ApiKey, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task Nobody_signed_in_sends_no_credentials_at_all()
    {
        api.Returns("api/trending", Samples.TrendingBoard(1));
        var anonymous = WebTestContext.ApiClient(api, user: null);

        await anonymous.GetTrendingAsync(10, Token);

        var request = Assert.Single(api.Requests);
        Assert.DoesNotContain("Authorization", request.Headers.Keys);
        Assert.DoesNotContain(AuthHeaders.ApiKey, request.Headers.Keys);
    }

    [Fact]
    public async Task Two_people_reading_the_same_thing_at_once_each_get_their_own_answer()
    {
        var reads = new InFlightReads();
        using var release = new ManualResetEventSlim();
        api.Route("api/admin/pipeline", null, request =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            // The answer names whose it is: a shared read would hand ann's answer to bob.
            var stream = request.Headers.Authorization!.Parameter!;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = System.Net.Http.Json.JsonContent.Create(Samples.Pipeline() with { Stream = stream }) };
        });
        var ann = WebTestContext.ApiClient(api, TestPeople.Analyst, reads);
        var bob = WebTestContext.ApiClient(api, TestPeople.OtherAnalyst, reads);

        var annReads = Task.Run(() => ann.GetPipelineAsync(Token), Token);
        var bobReads = Task.Run(() => bob.GetPipelineAsync(Token), Token);
        await Eventually.TrueAsync(() => api.CountOf("api/admin/pipeline") == 2, TimeSpan.FromSeconds(10), "one request per person");
        release.Set();

        Assert.Equal(TestPeople.Analyst.Token, (await annReads).Value!.Stream);
        Assert.Equal(TestPeople.OtherAnalyst.Token, (await bobReads).Value!.Stream);
    }

    [Fact]
    public async Task One_persons_identical_reads_at_once_share_one_request()
    {
        var reads = new InFlightReads();
        using var release = new ManualResetEventSlim();
        api.Route("api/admin/pipeline", null, _ =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = System.Net.Http.Json.JsonContent.Create(Samples.Pipeline()) };
        });
        var firstTab = WebTestContext.ApiClient(api, TestPeople.Analyst, reads);
        var secondTab = WebTestContext.ApiClient(api, TestPeople.Analyst, reads);

        var first = Task.Run(() => firstTab.GetPipelineAsync(Token), Token);
        await Eventually.TrueAsync(() => api.CountOf("api/admin/pipeline") == 1, TimeSpan.FromSeconds(10), "the first request");
        var second = secondTab.GetPipelineAsync(Token);
        release.Set();

        Assert.True((await first).IsSuccess);
        Assert.True((await second).IsSuccess);
        Assert.Equal(1, api.CountOf("api/admin/pipeline"));
    }

    [Fact]
    public async Task A_401_to_the_persons_token_ends_their_session_once()
    {
        api.Fails("api/admin/pipeline", HttpStatusCode.Unauthorized, "Unauthorized");
        var raised = 0;
        caller.SessionEnded += () => raised++;

        var first = await client.GetPipelineAsync(Token);
        var second = await client.GetPipelineAsync(Token);

        Assert.Equal(ApiProblemKind.SessionEnded, first.Problem!.Kind);
        Assert.Equal(ApiProblemKind.SessionEnded, second.Problem!.Kind);
        Assert.True(ended.Contains(TestPeople.Analyst.Token));
        Assert.False(ended.Contains(TestPeople.OtherAnalyst.Token));
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task A_403_is_the_role_being_refused_and_the_session_goes_on()
    {
        api.Fails("api/admin/dead-letters/replay", HttpStatusCode.Forbidden, "Forbidden", method: HttpMethod.Post);
        var raised = 0;
        caller.SessionEnded += () => raised++;

        var result = await client.ReplayDeadLettersAsync(Token);

        Assert.Equal(ApiProblemKind.Forbidden, result.Problem!.Kind);
        Assert.False(ended.Contains(TestPeople.Analyst.Token));
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task Signs_in_anonymously_with_the_handle_and_password()
    {
        var created = new SessionCreated("new-token", 9, "cat", Roles.Analyst, Samples.Now.AddMinutes(30), Samples.Now.AddHours(12));
        api.Route("api/sessions", HttpMethod.Post, request =>
        {
            var body = request.Content!.ReadFromJsonAsync<CreateSessionRequest>().GetAwaiter().GetResult();
            return body == new CreateSessionRequest("cat", "secret")
                ? new HttpResponseMessage(HttpStatusCode.Created) { Content = System.Net.Http.Json.JsonContent.Create(created) }
                : new HttpResponseMessage(HttpStatusCode.BadRequest);
        });

        var result = await client.CreateSessionAsync("cat", "secret", IPAddress.Parse("203.0.113.7"), Token);

        Assert.Equal(created, result.Value);
        var request = Assert.Single(api.Requests);
        Assert.DoesNotContain("Authorization", request.Headers.Keys);
        // The Api counts failed sign-ins per browser address, where it trusts the Web as a proxy.
        Assert.Equal("203.0.113.7", request.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task A_throttled_sign_in_says_how_long_to_wait()
    {
        api.Route("api/sessions", HttpMethod.Post, _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(42));
            return response;
        });

        var result = await client.CreateSessionAsync("cat", "wrong", browser: null, Token);

        Assert.Equal(ApiProblemKind.RateLimited, result.Problem!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42), result.Problem.RetryAfter);
    }

    [Fact]
    public async Task Ends_a_session_with_its_own_token()
    {
        api.Route("api/sessions/current", HttpMethod.Delete, _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = await client.EndSessionAsync("member-token", Token);

        Assert.True(result.IsSuccess);
        var request = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Delete, "Bearer member-token"), (request.Method, request.Headers["Authorization"]));
    }

    [Fact]
    public async Task Reads_the_audit_log_a_page_at_a_time()
    {
        api.Returns("api/admin/audit", new AuditPage([new AuditEntry(5, Samples.Now, "user:1:admin", AuditActions.RoleChanged, "user:7:ann", "member -> analyst", "127.0.0.1")], 5));

        var newest = await client.GetAuditAsync(before: null, limit: 50, Token);
        await client.GetAuditAsync(before: 5, limit: 50, Token);

        Assert.Equal(5, newest.Value!.NextBefore);
        Assert.Equal(["?limit=50", "?before=5&limit=50"], api.Requests.Select(request => request.Query));
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
    [InlineData(HttpStatusCode.Unauthorized, ApiProblemKind.SessionEnded)]
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
