using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Contracts.Analytics;
using Pulse.Web.Components.Pages;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The Growth page: the most followed author by default, their follower growth beside the platform's, and their posts' engagement rates, each with its table and CSV.</summary>
public sealed class GrowthPageTests : WebTestContext
{
    private static readonly IReadOnlyList<FollowedUser> Authors = [new(7, "ann", "Ann", 1_200, 1), new(9, "bo", "Bo", 800, 2)];

    private static readonly AuthorEngagementRates AnnsRates = new(7, new DateOnly(2026, 10, 27), new DateOnly(2026, 11, 25),
        [
            new PostEngagementRate(71, 7, Samples.Now.AddDays(-1), 30, 200, 1_150, 0.15, 30.0 / 1_150),
            new PostEngagementRate(70, 7, Samples.Now.AddDays(-9), 0, 0, 1_100, null, 0),
        ],
        new EngagementRateMedians(0.15, 0.013, 2),
        new EngagementRateMedians(0.1, 0.02, 5_000));

    public GrowthPageTests()
    {
        Api.Returns("api/analytics/users/most-followed", Authors);
        Api.Returns("api/analytics/users/7/follower-growth", Growth(30, startTotal: 1_000));
        Api.Returns("api/analytics/users/9/follower-growth", Growth(30, startTotal: 500));
        Api.Returns("api/analytics/follower-growth", Growth(30, startTotal: 90_000));
        Api.Returns("api/analytics/users/7/engagement-rates", AnnsRates);
        Api.Returns("api/analytics/users/9/engagement-rates", AnnsRates with { AuthorId = 9, Posts = [] });
    }

    [Fact]
    public void Shows_the_most_followed_authors_growth_the_platforms_and_the_rates_with_both_medians()
    {
        var page = Render<Growth>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("30", page.Find("[data-testid=growth-author-followers]").GetAttribute("data-days"));
        Assert.Equal("30", page.Find("[data-testid=growth-platform]").GetAttribute("data-days"));
        Assert.Equal("Followers of @ann", page.Find("[data-testid=growth-author-followers-section] h2").TextContent);
        Assert.Equal("15.0 %", page.Find("[data-testid=growth-rates-author-reach-value]").TextContent);
        Assert.Equal("10.0 %", page.Find("[data-testid=growth-rates-platform-reach-value]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=growth-rates]").GetAttribute("data-posts"));
        Assert.Equal("?days=30", Api.Requests.Single(request => request.Path == "api/analytics/users/7/engagement-rates").Query);
        Assert.Equal("1,050 at the end of Nov 25 · 60 gained, 10 lost, net 50 over 30 days",
            string.Join(' ', page.Find("[data-testid=growth-author-followers-caption]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void The_rates_table_is_behind_a_toggle_and_its_csv_holds_the_same_rows()
    {
        var page = Render<Growth>();
        page.WaitForElement("[data-testid=page-ready]");
        Assert.Empty(page.FindAll("[data-testid=growth-rates-figure-table]"));

        page.Find("[data-testid=growth-rates-figure-table-view]").Click();

        var rows = page.FindAll("[data-testid=growth-rates-figure-row]");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["71", "2026-11-24 12:00 UTC", "30", "200", "1150", "0.15", "0.026087"], rows[0].QuerySelectorAll("td").Select(cell => cell.TextContent));
        Assert.Equal("", rows[1].QuerySelectorAll("td")[5].TextContent);
        var link = page.Find("[data-testid=growth-rates-figure-csv]");
        Assert.Equal("pulse-engagement-rates-7-30d.csv", link.GetAttribute("download"));
        var csv = Uri.UnescapeDataString(link.GetAttribute("href")!["data:text/csv;charset=utf-8,".Length..]);
        Assert.Equal(
            "Post,Published,Interactions,Reach,Followers then,Rate by reach,Rate by followers\r\n" +
            "71,2026-11-24 12:00 UTC,30,200,1150,0.15,0.026087\r\n" +
            "70,2026-11-16 12:00 UTC,0,0,1100,,0\r\n",
            csv);
    }

    [Fact]
    public void Another_author_from_the_address_is_shown_and_one_without_posts_says_so()
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("growth?days=7&user=9");

        var page = Render<Growth>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("Followers of @bo", page.Find("[data-testid=growth-author-followers-section] h2").TextContent);
        Assert.NotNull(page.Find("[data-testid=growth-rates-empty]"));
        Assert.Equal("?days=7", Api.Requests.Single(request => request.Path == "api/analytics/users/9/follower-growth").Query);
    }

    [Fact]
    public void A_failed_series_says_what_failed_and_the_rest_still_shows()
    {
        Api.Fails("api/analytics/follower-growth", HttpStatusCode.InternalServerError, "An error occurred", "Try again shortly.");

        var page = Render<Growth>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.NotNull(page.Find("[data-testid=growth-platform-section] [data-testid=api-error]"));
        Assert.Equal("30", page.Find("[data-testid=growth-author-followers]").GetAttribute("data-days"));
    }

    private static IReadOnlyList<FollowerGrowthDay> Growth(int days, long startTotal)
    {
        var first = DateOnly.FromDateTime(Samples.Now.UtcDateTime).AddDays(1 - days);
        return [.. Enumerable.Range(0, days).Select(offset => new FollowerGrowthDay(first.AddDays(offset), 2, offset % 3 == 0 ? 1 : 0, 2 - (offset % 3 == 0 ? 1 : 0), startTotal + (offset + 1) * 2 - (offset / 3 + 1)))];
    }
}
