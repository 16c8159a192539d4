using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>The Web's home page (the overview) and its status page in a real browser, against the whole stack in local mode.</summary>
[Collection(BrowserGroup.Name)]
public sealed class HomePageTests(PulseInBrowser pulse)
{
    [Fact]
    public async Task Status_page_shows_each_store_with_its_state()
    {
        var page = await pulse.NewPageAsync();

        var response = await page.GotoAsync(new Uri(pulse.WebAddress, "status").ToString());

        Assert.True(response?.Ok, $"status page answered {response?.Status}");
        await Expect(page).ToHaveTitleAsync("Pulse · Status");
        await Expect(page.Locator("tr[data-store=postgresql] .state")).ToHaveTextAsync("Up");
        await Expect(page.Locator("tr[data-store=redis] .state")).ToHaveTextAsync("Up");
        await Expect(page.Locator("tr[data-store=mongodb]")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status-summary")).ToContainTextAsync("Checked at");

        var screenshot = await PulseInBrowser.ScreenshotAsync(page, "status-stores");
        Assert.True(new FileInfo(screenshot).Length > 0);
    }

    [Fact]
    public async Task Loads_its_stylesheet_and_blazor_script_without_errors()
    {
        var page = await pulse.NewPageAsync();
        var failures = new List<string>();
        page.RequestFailed += (_, request) => failures.Add($"{request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Add($"{response.Url}: {response.Status}");
            }
        };

        await page.GotoAsync(pulse.WebAddress.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Empty(failures);
        await Expect(page).ToHaveTitleAsync("Pulse · Overview");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(246, 248, 250)", background);
    }
}
