using System.Globalization;
using System.Net.Http.Json;
using Pulse.Contracts.Reports;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>The Report page's CSV download, from the browser's point of view.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ReportDownloadTests(PulseInBrowser pulse)
{
    [Fact]
    public async Task The_csv_download_holds_the_report_the_api_serves()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var page = await pulse.NewPageAsync();
        await page.GotoAsync(new Uri(pulse.WebAddress, "/report").ToString());
        await Expect(page.GetByTestId("report-trending-row").First).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-download").ClickAsync());
        var file = Path.Combine(PulseInBrowser.ScreenshotDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        var csv = await File.ReadAllTextAsync(file, cancellationToken);
        var report = await pulse.Api.GetFromJsonAsync<OverviewReport>("/api/reports/overview?days=7", cancellationToken);

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.NotNull(report);
        Assert.NotEmpty(report.Trending);
        foreach (var post in report.Trending)
        {
            Assert.Contains(post.PostId.ToString(CultureInfo.InvariantCulture), csv, StringComparison.Ordinal);
        }
        Assert.Contains(report.Totals.Users.ToString(CultureInfo.InvariantCulture), csv, StringComparison.Ordinal);
    }
}
