using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>An admin replays dead letters from the Pipeline page, after confirming; the audit log records it.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ReplayTests(PulseInBrowser pulse)
{
    [Fact]
    public async Task An_admin_replays_a_dead_letter_after_confirming()
    {
        await pulse.AddDeadLetterAsync(Pulse.Contracts.EventStreamNames.Groups.Aggregates);
        var waiting = await pulse.DeadLetterCountAsync();
        var page = await pulse.NewPageAsync(PulseInBrowser.Admin);
        await page.GotoAsync(new Uri(pulse.WebAddress, "/pipeline").ToString());
        await Expect(page.GetByTestId("dead-letter-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-audit")).ToBeVisibleAsync();

        await page.GetByTestId("replay-dead-letters").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("back on the event stream");
        Assert.Equal(waiting, await pulse.DeadLetterCountAsync());
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Replay" }).ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Replayed {waiting.ToString(CultureInfo.InvariantCulture)} dead letter");
        await Expect(page.GetByTestId("dead-letters-empty")).ToBeVisibleAsync();
        Assert.Equal(0, await pulse.DeadLetterCountAsync());

        await page.GetByTestId("nav-audit").ClickAsync();
        var newest = page.GetByTestId("audit-row").First;
        await Expect(newest).ToHaveAttributeAsync("data-action", "dead-letters.replayed");
        await Expect(newest.GetByTestId("audit-actor")).ToContainTextAsync(PulseInBrowser.Admin.Handle);
        await PulseInBrowser.ScreenshotAsync(page, "audit-after-replay");
    }
}
