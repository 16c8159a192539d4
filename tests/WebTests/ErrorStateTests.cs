using System.Net;
using Bunit;
using Pulse.Web.Components.Pages;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>A failing Api never shows a stack trace: each page says what could not be loaded and why.</summary>
public sealed class ErrorStateTests : WebTestContext
{
    [Fact]
    public void The_posts_page_shows_the_apis_problem_details()
    {
        Api.Fails("api/analytics/posts/top", HttpStatusCode.ServiceUnavailable, "PostgreSQL is unavailable", "Pulse could not reach PostgreSQL. Try again in 5 seconds.");

        var page = Render<Posts>();

        var error = page.WaitForElement("[data-testid=api-error]");
        Assert.Equal("PostgreSQL is unavailable", page.Find("[data-testid=api-error-title]").TextContent);
        Assert.Equal("Pulse could not reach PostgreSQL. Try again in 5 seconds.", page.Find("[data-testid=api-error-detail]").TextContent);
        Assert.Contains("The top posts could not be loaded", error.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=page-ready]"));
    }

    [Fact]
    public void The_posts_page_lists_the_fields_a_validation_problem_names()
    {
        Api.Fails("api/analytics/posts/top", HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["limit"] = ["Must be between 1 and 100."] });

        var page = Render<Posts>();

        page.WaitForElement("[data-testid=api-error]");
        Assert.Contains("limit: Must be between 1 and 100.", page.Find(".problem-errors").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_that_does_not_answer_is_said_plainly()
    {
        Api.Unreachable("api/status");

        var page = Render<Status>();

        var error = page.WaitForElement("[data-testid=api-error]");
        Assert.Equal("Unreachable", error.GetAttribute("data-kind"));
        Assert.Contains("The Api did not answer.", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=status-table]"));
    }

    [Fact]
    public void An_unknown_post_is_not_found_and_its_other_sections_are_not_shown()
    {
        Api.Fails("api/posts/404", HttpStatusCode.NotFound, "No such post", "There is no post 404.");
        Api.Fails("api/analytics/posts/404/daily", HttpStatusCode.NotFound, "No such post");

        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 404));

        page.WaitForElement("[data-testid=page-ready]");
        var error = page.Find("[data-testid=api-error]");
        Assert.Equal("NotFound", error.GetAttribute("data-kind"));
        Assert.Contains("There is no post 404.", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=post-counters]"));
        Assert.Empty(page.FindAll("[data-testid=post-daily-section]"));
    }

    [Fact]
    public void The_overview_shows_each_failure_where_it_happened_and_the_rest_of_the_page()
    {
        Api.Returns("api/trending", Samples.TrendingBoard(1));
        Api.Returns("api/counters", Samples.CountersFor(1));
        Api.Returns("api/status", new Pulse.Contracts.Status.SystemStatus([], Samples.Now));
        Api.Fails("api/realtime/activity", HttpStatusCode.InternalServerError, "An error occurred while processing your request.");
        Api.Fails("api/reports/overview", HttpStatusCode.TooManyRequests, "Too many requests", "Try again in 12 s.");

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("error", page.Find("[data-testid=kpi-events-24h]").GetAttribute("data-state"));
        Assert.Equal("error", page.Find("[data-testid=kpi-users]").GetAttribute("data-state"));
        Assert.Single(page.FindAll("[data-testid=trending-row]"));
        Assert.Contains("An error occurred", page.Find("[data-testid=activity-section] [data-testid=api-error]").TextContent, StringComparison.Ordinal);
    }
}
