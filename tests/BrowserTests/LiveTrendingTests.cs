using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>The Overview's trending list follows the events as they arrive, pushed from Redis pub/sub through the Web.</summary>
[Collection(BrowserGroup.Name)]
public sealed class LiveTrendingTests(PulseInBrowser pulse)
{
    [Fact]
    public async Task Events_posted_through_the_api_move_the_trending_list_of_an_open_page_without_a_reload()
    {
        var page = await pulse.NewPageAsync();
        await page.GotoAsync(pulse.WebAddress.ToString());
        var rows = page.GetByTestId("trending-row");
        await Expect(rows.First).ToBeVisibleAsync();
        var listed = await rows.EvaluateAllAsync<long[]>("rows => rows.map(row => Number(row.dataset.postId))");
        // A post nobody engaged with yet, so it can only reach the list through the events below.
        var newcomer = pulse.SeededTopPosts.Skip(20).First(post => !listed.Contains(post.PostId));
        // Survives only as long as the page is not loaded again.
        await page.EvaluateAsync("window.pulseNoReload = true");

        await pulse.PostEventsAsync(PulseInBrowser.Engagement(newcomer, views: 200, likes: 100, shares: 60), TestContext.Current.CancellationToken);

        await Expect(rows.First).ToHaveAttributeAsync("data-post-id", newcomer.PostId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new() { Timeout = (float)PulseInBrowser.Patience.TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("window.pulseNoReload === true"), "the page was loaded again");
        await PulseInBrowser.ScreenshotAsync(page, "overview-after-live-update");
    }
}
