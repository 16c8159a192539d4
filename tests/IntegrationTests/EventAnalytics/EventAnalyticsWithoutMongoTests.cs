using System.Net;
using Pulse.Api.EventAnalytics;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// The event-analytics endpoints through the real Api on a deployment without MongoDB (ApiServer
/// configures none): they still check credentials and input, then answer 503, and the rest of the
/// Api keeps working.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EventAnalyticsWithoutMongoTests(PostgresServer postgres) : IAsyncLifetime
{
    public static readonly TheoryData<string> Endpoints =
    [
        "/api/analytics/events/devices",
        "/api/analytics/events/countries",
        "/api/analytics/events/hours",
        "/api/analytics/events/types",
        "/api/analytics/events/breakdown?by=country&then=deviceType",
        "/api/analytics/events/users/42/timeline",
        "/api/analytics/events/heatmap",
    ];

    public static readonly TheoryData<string> Reports =
    [
        "/api/analytics/events/devices",
        "/api/analytics/events/countries",
        "/api/analytics/events/hours",
        "/api/analytics/events/types",
    ];

    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Answers_503_problem_details_saying_the_event_store_is_not_configured(string path)
    {
        using var response = await api.Client.GetAsync(path, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(EventStoreProblems.NotConfiguredTitle, problem.GetProperty("title").GetString());
        Assert.Contains("ConnectionStrings:events", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Answers_401_without_credentials(string path)
    {
        using var anonymous = api.CreateClient();

        using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_range_that_ends_before_it_starts_is_400_on_from(string path)
    {
        using var response = await api.Client.GetAsync($"{path}?from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("from");
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task An_empty_range_is_400_on_from(string path)
    {
        using var response = await api.Client.GetAsync($"{path}?from=2026-11-20T00:00:00Z&to=2026-11-20T00:00:00Z", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("from");
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_range_wider_than_ninety_days_is_400_on_to(string path)
    {
        using var response = await api.Client.GetAsync($"{path}?from=2026-01-01T00:00:00Z&to=2026-11-20T00:00:00Z", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("to");
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_non_positive_post_id_is_400(string path)
    {
        using var response = await api.Client.GetAsync($"{path}?postId=0", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("postId");
    }

    [Theory]
    [InlineData("/api/analytics/events/devices")]
    [InlineData("/api/analytics/events/countries")]
    [InlineData("/api/analytics/events/hours")]
    public async Task An_unknown_event_type_is_400_naming_the_known_ones(string path)
    {
        using var response = await api.Client.GetAsync($"{path}?type=post_poke", TestContext.Current.CancellationToken);

        var messages = await response.AssertInvalidFieldAsync("type");
        Assert.Contains("post_view", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("before=not-a-cursor", "before")]
    public async Task Timeline_paging_is_validated(string query, string field)
    {
        using var response = await api.Client.GetAsync($"/api/analytics/events/users/42/timeline?{query}", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
    }

    [Fact]
    public async Task Valid_paging_and_a_known_type_reach_the_store_check()
    {
        var cursor = new TimelineCursor(1_795_000_000_000, Guid.CreateVersion7()).Encode();

        using var timeline = await api.Client.GetAsync($"/api/analytics/events/users/42/timeline?limit=100&before={cursor}", TestContext.Current.CancellationToken);
        using var devices = await api.Client.GetAsync("/api/analytics/events/devices?type=post_view&postId=7", TestContext.Current.CancellationToken);

        await timeline.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await devices.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Everything_else_keeps_working()
    {
        using var status = await api.Client.GetAsync("/api/status", TestContext.Current.CancellationToken);
        using var daily = await api.Client.GetAsync("/api/analytics/daily?days=7", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, daily.StatusCode);
    }

    [Theory]
    [InlineData("days=0", "days")]
    [InlineData("days=91", "days")]
    [InlineData("tz=Mars/Olympus_Mons", "tz")]
    [InlineData("tz=W.%20Europe%20Standard%20Time", "tz")]
    [InlineData("authorId=0", "authorId")]
    public async Task The_heatmaps_window_zone_and_author_are_validated_before_the_store_is_needed(string query, string field)
    {
        using var response = await api.Client.GetAsync($"/api/analytics/events/heatmap?{query}", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
    }
}
