using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>
/// In a real browser against the whole stack: the Overview's tiles say how fresh their figures are
/// (live for Redis, as of the aggregates' watermark for PostgreSQL), and the navigation drawer's
/// background reaches the bottom of a long page.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class FreshnessTests(PulseInBrowser pulse)
{
    [GeneratedRegex(@"^live, read \d\d:\d\d:\d\d UTC$")]
    private static partial Regex Live();

    [GeneratedRegex(@"^as of \d\d:\d\d:\d\d UTC(, \d+(\.\d)? s behind|: numbers are .+ behind, the Ingestor is catching up)$")]
    private static partial Regex AsOfWatermark();

    [Fact]
    public async Task The_overview_tiles_say_live_or_as_of_the_aggregates_watermark()
    {
        var page = await pulse.NewPageAsync();

        await page.GotoAsync(pulse.WebAddress.ToString());

        await Expect(page.GetByTestId("page-ready")).ToBeAttachedAsync();
        foreach (var live in new[] { "kpi-events-24h-freshness", "kpi-active-sessions-freshness", "activity-freshness", "trending-freshness" })
        {
            await Expect(page.GetByTestId(live)).ToHaveTextAsync(Live());
            await Expect(page.GetByTestId(live)).ToHaveAttributeAsync("data-freshness", "live");
        }
        foreach (var aggregates in new[] { "kpi-users-freshness", "kpi-posts-freshness" })
        {
            await Expect(page.GetByTestId(aggregates)).ToHaveTextAsync(AsOfWatermark());
            await Expect(page.GetByTestId(aggregates)).ToHaveAttributeAsync("data-freshness", new Regex("^(fresh|behind)$"));
        }
        await PulseInBrowser.ScreenshotAsync(page, "overview-freshness");
    }

    [Fact]
    public async Task The_navigation_drawer_reaches_the_bottom_of_a_long_page()
    {
        var page = await pulse.NewPageAsync(width: 1280, height: 700);
        await page.GotoAsync(new Uri(pulse.WebAddress, "/posts").ToString());
        await Expect(page.GetByTestId("top-post-row").Nth(20)).ToBeVisibleAsync();

        await PulseInBrowser.ScreenshotAsync(page, "posts-drawer-full-height");
        var pageHeight = await page.EvaluateAsync<double>("document.documentElement.scrollHeight");
        await page.EvaluateAsync("window.scrollTo(0, document.documentElement.scrollHeight)");
        var drawerBottom = await page.GetByTestId("nav-drawer").EvaluateAsync<double>("drawer => drawer.getBoundingClientRect().bottom + window.scrollY");
        var menuTop = await page.Locator("[data-testid=nav-drawer] .mud-drawer-content").EvaluateAsync<double>("menu => menu.getBoundingClientRect().top");

        Assert.True(pageHeight > 700 * 2, $"/posts is {pageHeight} px high: not long enough to tell");
        Assert.True(drawerBottom >= pageHeight - 1, $"the drawer ends at {drawerBottom} px on a page {pageHeight} px high");
        // Scrolled to the bottom, the menu is still in view under the app bar.
        Assert.InRange(menuTop, 0, 100);
    }
}
