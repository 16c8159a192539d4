using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>Signing out ends access at once: in the tab that signed out, and in another tab already open.</summary>
[Collection(BrowserGroup.Name)]
public sealed class SignOutTests(PulseInBrowser pulse)
{
    [Fact]
    public async Task Signing_out_ends_access_in_every_tab_at_once()
    {
        // A session of its own: the shared analyst's must outlive this test.
        var first = await pulse.NewPageAsync(person: null);
        await first.GotoAsync(new Uri(pulse.WebAddress, "/pipeline").ToString());
        await PulseInBrowser.SignInAsync(first, PulseInBrowser.Analyst);
        await Expect(first.GetByTestId("consumer-group-row").First).ToBeVisibleAsync();
        var second = await first.Context.NewPageAsync();
        second.SetDefaultTimeout((float)PulseInBrowser.Patience.TotalMilliseconds);
        await second.GotoAsync(new Uri(pulse.WebAddress, "/pipeline").ToString());
        await Expect(second.GetByTestId("page-ready")).ToBeAttachedAsync();
        await Expect(second.GetByTestId("consumer-group-row").First).ToBeVisibleAsync();

        await first.GetByTestId("sign-out").ClickAsync();

        await Expect(first.GetByTestId("page-sign-in")).ToBeVisibleAsync();
        Assert.DoesNotContain(await first.Context.CookiesAsync(), cookie => cookie.Name == "pulse-session");
        await first.GotoAsync(new Uri(pulse.WebAddress, "/report").ToString());
        await Expect(first.GetByTestId("page-sign-in")).ToBeVisibleAsync();

        // The second tab's circuit still holds the old token: its next Api call is refused, and it says so.
        await second.GetByTestId("pipeline-refresh").ClickAsync();
        await Expect(second.GetByTestId("session-ended")).ToBeVisibleAsync();
        Assert.Equal("/sign-in", new Uri(second.Url).AbsolutePath);
        await PulseInBrowser.ScreenshotAsync(second, "sign-in-session-ended");
    }
}
