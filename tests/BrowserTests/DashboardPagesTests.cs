using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>Each page of the dashboard, rendered with the seeded data for a signed-in analyst (the audit log and the privacy page for an admin), at laptop and at phone width.</summary>
[Collection(BrowserGroup.Name)]
public sealed class DashboardPagesTests(PulseInBrowser pulse)
{
    public const int PhoneWidth = 390;

    public static TheoryData<string, string, string> Pages => new()
    {
        // The audit log is for admins: the role the tests gave the analyst is in it.
        { "/audit", "Pulse · Audit log", "audit-row" },
        // Admins only too: the jobs (or that there are none) once read.
        { "/privacy", "Pulse · Privacy", "erasure-jobs" },
        // path, title, an element only shown once the page's data arrived
        { "/", "Pulse · Overview", "trending-row" },
        { "/posts", "Pulse · Posts", "top-post-row" },
        { "/growth", "Pulse · Growth", "growth-platform-figure" },
        // Without MongoDB the page must say the event store is unavailable; with one, show its charts.
        { "/audience", "Pulse · Audience", Pulse.TestSupport.LocalPulseApp.ExternalMongo is null ? "event-store-unavailable" : "audience-devices-chart" },
        { "/report", "Pulse · Report", "report-trending-row" },
        { "/pipeline", "Pulse · Pipeline", "consumer-group-row" },
        { "/status", "Pulse · Status", "status-summary" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Renders_with_data_and_without_errors(string path, string title, string dataTestId)
    {
        var page = await pulse.NewPageAsync(Viewer(path));
        var errors = CollectErrors(page);

        var response = await page.GotoAsync(new Uri(pulse.WebAddress, path).ToString());

        Assert.True(response?.Ok, $"{path} answered {response?.Status}");
        await Expect(page).ToHaveTitleAsync(title);
        await Expect(page.GetByTestId(dataTestId).First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("api-error")).ToHaveCountAsync(0);
        await PulseInBrowser.ScreenshotAsync(page, ScreenshotName(path, "desktop"));
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Fits_a_phone_screen(string path, string title, string dataTestId)
    {
        var page = await pulse.NewPageAsync(Viewer(path), width: PhoneWidth, height: 844);

        await page.GotoAsync(new Uri(pulse.WebAddress, path).ToString());

        await Expect(page).ToHaveTitleAsync(title);
        await Expect(page.GetByTestId(dataTestId).First).ToBeVisibleAsync();
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        await PulseInBrowser.ScreenshotAsync(page, ScreenshotName(path, "phone"));
        Assert.True(pageWidth <= PhoneWidth, $"{path} is {pageWidth} px wide on a {PhoneWidth} px screen");
    }

    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(PhoneWidth, "phone")]
    public async Task A_post_page_shows_its_live_counters_daily_chart_and_funnel(int width, string device)
    {
        var post = pulse.SeededTopPosts[0];
        var page = await pulse.NewPageAsync(width: width, height: 900);

        await page.GotoAsync(new Uri(pulse.WebAddress, $"/posts/{post.PostId}").ToString());

        await Expect(page).ToHaveTitleAsync("Pulse · Post");
        await Expect(page.GetByTestId("post-author")).ToContainTextAsync(post.AuthorHandle);
        await Expect(page.GetByTestId("counter-views-value")).Not.ToHaveTextAsync("0");
        await Expect(page.GetByTestId("post-daily-chart")).ToBeVisibleAsync();
        // Without MongoDB the funnel comes from the daily aggregates, which hold this post's views.
        await Expect(page.GetByTestId("post-funnel")).ToHaveAttributeAsync("data-source", "aggregates");
        await Expect(page.GetByTestId("post-funnel-step").First).ToContainTextAsync("events");
        await PulseInBrowser.ScreenshotAsync(page, $"post-{device}");
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"the post page is {pageWidth} px wide on a {width} px screen");
    }

    [Fact]
    public async Task The_posts_table_links_each_post_to_its_page()
    {
        var page = await pulse.NewPageAsync();
        await page.GotoAsync(new Uri(pulse.WebAddress, "/posts").ToString());

        var first = page.GetByTestId("top-post-row").First;
        var postId = await first.GetAttributeAsync("data-post-id");
        await first.GetByRole(AriaRole.Link).First.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(pulse.WebAddress, $"/posts/{postId}").ToString());
        await Expect(page.GetByTestId("post-daily-chart")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(PhoneWidth)]
    public async Task The_audience_page_shows_the_best_time_to_post_and_retention_cohorts_within_the_screen(int width)
    {
        var page = await pulse.NewPageAsync(PulseInBrowser.Analyst, width: width, height: 900);
        var errors = CollectErrors(page);

        await page.GotoAsync(new Uri(pulse.WebAddress, "/audience").ToString());

        await Expect(page.GetByTestId("audience-heatmap-grid")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audience-heatmap-cell")).ToHaveCountAsync(168);
        await Expect(page.GetByTestId("audience-heatmap-best")).ToContainTextAsync("Best time to post: ");
        await Expect(page.GetByTestId("audience-retention-triangle")).ToBeVisibleAsync();
        await page.GetByTestId("audience-retention-table-view").ClickAsync();
        await Expect(page.GetByTestId("audience-retention-table")).ToBeVisibleAsync();
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        await PulseInBrowser.ScreenshotAsync(page, $"audience-timing-{width}");
        Assert.True(pageWidth <= width, $"/audience is {pageWidth} px wide on a {width} px screen");
        Assert.Empty(errors);
    }

    private static Person Viewer(string path) => path is "/audit" or "/privacy" ? PulseInBrowser.Admin : PulseInBrowser.Analyst;

    private static string ScreenshotName(string path, string device) =>
        (path == "/" ? "overview" : path.Trim('/').Replace('/', '-')) + "-" + device;

    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }
}
