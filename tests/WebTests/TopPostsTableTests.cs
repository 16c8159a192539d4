using Bunit;
using Pulse.Contracts.Analytics;
using Pulse.Web.Components.Pages;
using Pulse.Web.Components.Posts;
using Microsoft.Extensions.DependencyInjection;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The top posts table: ranked by default, every number column sorts both ways, rows link to their post.</summary>
public sealed class TopPostsTableTests : WebTestContext
{
    private static readonly IReadOnlyList<TopPost> Posts =
    [
        Samples.TopPost(postId: 10, rank: 1, likes: 5, engagement: 300, author: "cat"),
        Samples.TopPost(postId: 20, rank: 2, likes: 50, engagement: 200, author: "ann"),
        Samples.TopPost(postId: 30, rank: 3, likes: 20, engagement: 100, author: "bob"),
    ];

    private static string[] Order(IRenderedComponent<TopPostsTable> table) =>
        [.. table.FindAll("[data-testid=top-post-row]").Select(row => row.GetAttribute("data-post-id")!)];

    [Fact]
    public void Lists_posts_by_rank_each_linking_to_its_page()
    {
        var table = Render<TopPostsTable>(parameters => parameters.Add(p => p.Posts, Posts));

        Assert.Equal(["10", "20", "30"], Order(table));
        Assert.Equal("posts/20", table.FindAll("[data-testid=top-post-row]")[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("sort-rank", table.Find("th[aria-sort=ascending] button").GetAttribute("data-testid"));
    }

    [Fact]
    public void Sorts_a_number_column_biggest_first_then_the_other_way()
    {
        var table = Render<TopPostsTable>(parameters => parameters.Add(p => p.Posts, Posts));

        table.Find("[data-testid=sort-likes]").Click();
        Assert.Equal(["20", "30", "10"], Order(table));
        Assert.Equal("Likes-desc", table.Find("[data-testid=top-posts-table]").GetAttribute("data-sort"));

        table.Find("[data-testid=sort-likes]").Click();
        Assert.Equal(["10", "30", "20"], Order(table));
    }

    [Fact]
    public void Sorts_by_rank_within_author_best_first()
    {
        var table = Render<TopPostsTable>(parameters => parameters.Add(p => p.Posts, Posts));

        table.Find("[data-testid=sort-author-rank]").Click();

        Assert.Equal("RankWithinAuthor-asc", table.Find("[data-testid=top-posts-table]").GetAttribute("data-sort"));
    }

    [Fact]
    public void Says_so_when_no_post_had_engagement()
    {
        var table = Render<TopPostsTable>(parameters => parameters.Add(p => p.Posts, []));

        Assert.NotNull(table.Find("[data-testid=top-posts-empty]"));
    }

    [Fact]
    public void The_posts_page_asks_for_the_chosen_period()
    {
        Api.Returns("api/analytics/posts/top", Posts);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("posts?days=30");

        var page = Render<Posts>();

        page.WaitForElements("[data-testid=top-post-row]", 3);
        Assert.Equal("?days=30&limit=50", Api.Requests.Single(request => request.Path == "api/analytics/posts/top").Query);
        Assert.Equal("Top 50 over the last 30 days", page.Find("[data-testid=top-posts-section] h2").TextContent);
    }

    [Fact]
    public void Choosing_another_period_puts_it_in_the_address_and_reloads()
    {
        Api.Returns("api/analytics/posts/top", Posts);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = Render<Posts>();
        page.WaitForElements("[data-testid=top-post-row]", 3);

        page.Find("[data-testid=period-90]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, Api.CountOf("api/analytics/posts/top")));
        Assert.Equal("?days=90&limit=50", Api.Requests[^1].Query);
        Assert.EndsWith("?days=90", navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("Top 50 over the last 90 days", page.Find("[data-testid=top-posts-section] h2").TextContent));
    }
}
