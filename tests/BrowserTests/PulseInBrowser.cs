using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Pulse.Contracts;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.TestSupport;

namespace Pulse.BrowserTests;

/// <summary>
/// The whole stack in local mode with a small seed (users, posts, follows and two weeks of
/// aggregates) and a first wave of events through the Api, and one headless Debian Chromium driven
/// by Playwright; shared by every browser test (one start costs seconds). Playwright's own browser
/// download cannot work on these machines and is not needed: the system browser is launched by path.
/// </summary>
public sealed class PulseInBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const int ActivityDays = 14;

    /// <summary>How long a browser test waits for what a page shows: the stack is real and the machine small.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    private static readonly string[] Systems = ["iOS", "Android", "Windows", "macOS"];
    private static readonly string[] Countries = ["NL", "US", "DE", "BR", "JP"];

    private DistributedApplication? app;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri WebAddress => app!.GetEndpoint(ResourceNames.Web, "http");

    /// <summary>An Api client holding the stack's admin key.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Posts with engagement in the seeded aggregates, most engaging first.</summary>
    public IReadOnlyList<TopPost> SeededTopPosts { get; private set; } = [];

    /// <summary>Where screenshots go: <c>PULSE_SCREENSHOTS</c> (test.sh sets it under TestResults), else the test output folder.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("PULSE_SCREENSHOTS") is { Length: > 0 } directory
            ? directory
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        app = await LocalPulseApp.StartAsync("small", ActivityDays, cancellationToken);
        Api = app.CreateHttpClient(ResourceNames.Api, "http");
        Api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);

        SeededTopPosts = await Api.GetFromJsonAsync<List<TopPost>>($"/api/analytics/posts/top?days={ActivityDays}&limit=30", cancellationToken) ?? [];
        if (SeededTopPosts.Count < 20)
        {
            throw new InvalidOperationException($"The small seed gave {SeededTopPosts.Count} posts with engagement; the browser tests need 20.");
        }
        // A first wave, so trending, live counters and the per-minute activity have something to show.
        await PostEventsAsync(SeededTopPosts.Take(12).SelectMany((post, index) => Engagement(post, views: 30 - index, likes: 12 - index)), cancellationToken);

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root there is no sandbox to use; the rest keeps Chromium off the closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A page of the given width (a laptop by default), failing the test on any browser-side error it logs.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return page;
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Views and likes on one post, from varied devices and countries, by the post's own author.</summary>
    public static IEnumerable<IngestEvent> Engagement(TopPost post, int views, int likes, int shares = 0) =>
        Enumerable.Range(0, views).Select(i => Event("post_view", post, i))
            .Concat(Enumerable.Range(0, likes).Select(i => Event("post_like", post, i)))
            .Concat(Enumerable.Range(0, shares).Select(i => Event("post_share", post, i)));

    public async Task PostEventsAsync(IEnumerable<IngestEvent> events, CancellationToken cancellationToken)
    {
        foreach (var batch in events.Chunk(500))
        {
            using var response = await Api.PostAsJsonAsync("/api/events", new IngestRequest(batch), cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /api/events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    private static IngestEvent Event(string type, TopPost post, int i) =>
        new(null, type, post.AuthorId, post.PostId, null, null,
            new EventDevice(Devices[i % Devices.Length], Systems[i % Systems.Length], "Chromium"),
            new EventGeo(Countries[i % Countries.Length], null),
            null);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        Api?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
