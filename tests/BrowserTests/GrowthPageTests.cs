using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>The Growth page on the seeded stack: an author's posts' engagement rates, their table behind the toggle, at laptop and at phone width.</summary>
[Collection(BrowserGroup.Name)]
public sealed class GrowthPageTests(PulseInBrowser pulse)
{
    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(DashboardPagesTests.PhoneWidth, "phone")]
    public async Task Shows_the_rates_of_an_authors_posts_and_their_table(int width, string device)
    {
        var author = await AuthorWithPostsAsync();
        var page = await pulse.NewPageAsync(PulseInBrowser.Analyst, width, 900);

        await page.GotoAsync(new Uri(pulse.WebAddress, $"/growth?days=30&user={author}").ToString());

        await Expect(page.GetByTestId("growth-rates-figure")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("growth-rates-platform-reach-value")).ToContainTextAsync("%");
        await page.GetByTestId("growth-rates-figure-table-view").ClickAsync();
        await Expect(page.GetByTestId("growth-rates-figure-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("growth-rates-figure-csv")).ToHaveAttributeAsync("download", new System.Text.RegularExpressions.Regex(@"^pulse-engagement-rates-\d+-30d\.csv$"));
        await PulseInBrowser.ScreenshotAsync(page, $"growth-rates-{device}");
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"/growth is {pageWidth} px wide on a {width} px screen");
    }

    /// <summary>The author of a seeded top post who published in the last 30 days.</summary>
    private async Task<long> AuthorWithPostsAsync()
    {
        foreach (var author in pulse.SeededTopPosts.Select(post => post.AuthorId).Distinct())
        {
            var rates = await pulse.Api.GetFromJsonAsync<AuthorEngagementRates>($"/api/analytics/users/{author}/engagement-rates?days=30", TestContext.Current.CancellationToken);
            if (rates!.Posts.Count > 0)
            {
                return author;
            }
        }
        throw new InvalidOperationException("No author of the seeded top posts published in the last 30 days.");
    }
}
