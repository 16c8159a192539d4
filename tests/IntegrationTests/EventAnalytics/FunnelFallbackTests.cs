using System.Net;
using System.Net.Http.Json;
using Pulse.Api.EventAnalytics;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.IntegrationTests.Aggregates;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// The funnel on a deployment without MongoDB (ApiServer configures none): for whole UTC days the
/// daily aggregates answer, worked out by hand from these post-days (views, likes, comments, shares):
/// post 10: 11-18 (100, 20, 3, 2), 11-19 (50, 5, 0, 1); post 11: 11-19 (40, 0, 0, 0); post 10: 11-10 (999, 99, 9, 9), before the range.
/// 11-18 to 11-20, all posts: 190 views → 25 likes (13.2 %) → 6 comments or shares (24 % of the likes).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class FunnelFallbackTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Range = "from=2026-11-18T00:00:00Z&to=2026-11-20T00:00:00Z";
    private readonly ApiServer api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("""
            insert into posts (id, author_id, content, tags) overriding system value values (10, 1, 'one', '{}'), (11, 2, 'two', '{}');
            insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares) values
              (10, '2026-11-18', 1, 100, 20, 3, 2), (10, '2026-11-19', 1, 50, 5, 0, 1), (11, '2026-11-19', 2, 40, 0, 0, 0),
              (10, '2026-11-10', 1, 999, 99, 9, 9);
            """);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Whole_days_are_answered_from_the_aggregates_as_events_not_ordered()
    {
        var funnel = await api.Client.GetFromJsonAsync<FunnelReport>($"/api/analytics/events/funnel?{Range}", TestContext.Current.CancellationToken);

        Assert.Equal((FunnelSources.Aggregates, "events", false), (funnel!.Source, funnel.Unit, funnel.Ordered));
        Assert.Equal(
            [new FunnelStep("viewed", 190, 1.0, null, 0), new FunnelStep("liked", 25, 25 / 190.0, 25 / 190.0, 165), new FunnelStep("commented or shared", 6, 6 / 190.0, 6 / 25.0, 19)],
            funnel.Steps);
    }

    [Fact]
    public async Task One_posts_funnel_counts_that_post_only()
    {
        var funnel = await api.Client.GetFromJsonAsync<FunnelReport>($"/api/analytics/events/funnel?{Range}&postId=11", TestContext.Current.CancellationToken);

        Assert.Equal([40L, 0L, 0L], funnel!.Steps.Select(step => step.Count));
        Assert.Equal([1.0, 0.0, 0.0], funnel.Steps.Select(step => step.ShareOfFirst));
        Assert.Null(funnel.Steps[2].ShareOfPrevious);
        Assert.Equal(11, funnel.PostId);
    }

    [Fact]
    public async Task A_range_that_is_not_whole_days_is_503_saying_how_the_aggregates_could_answer()
    {
        using var response = await api.Client.GetAsync("/api/analytics/events/funnel?from=2026-11-18T06:00:00Z&to=2026-11-20T00:00:00Z", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("whole UTC days", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_MongoDB_that_does_not_answer_leaves_whole_days_to_the_aggregates_and_the_rest_unavailable()
    {
        await using var unanswered = new ApiServer(postgres, new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.EventsDatabase}"] = $"mongodb://127.0.0.1:{ClosedPort.Find()}/pulse?serverSelectionTimeoutMS=500",
        });
        await unanswered.InitializeAsync();
        await unanswered.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await unanswered.ExecuteAsync("""
            insert into posts (id, author_id, content, tags) overriding system value values (10, 1, 'one', '{}');
            insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares) values (10, '2026-11-18', 1, 100, 20, 3, 2);
            """);

        var funnel = await unanswered.Client.GetFromJsonAsync<FunnelReport>($"/api/analytics/events/funnel?{Range}", TestContext.Current.CancellationToken);
        using var partial = await unanswered.Client.GetAsync("/api/analytics/events/funnel?from=2026-11-18T06:00:00Z&to=2026-11-20T00:00:00Z", TestContext.Current.CancellationToken);

        Assert.Equal((FunnelSources.Aggregates, 100L), (funnel!.Source, funnel.Steps[0].Count));
        var problem = await partial.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(EventStoreProblems.UnavailableTitle, problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("withinMinutes=0", "withinMinutes")]
    [InlineData("withinMinutes=1441", "withinMinutes")]
    [InlineData("postId=0", "postId")]
    [InlineData("from=2026-11-20T00:00:00Z&to=2026-11-18T00:00:00Z", "from")]
    public async Task Bad_input_is_a_validation_problem(string query, string field)
    {
        using var response = await api.Client.GetAsync($"/api/analytics/events/funnel?{query}", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
    }
}
