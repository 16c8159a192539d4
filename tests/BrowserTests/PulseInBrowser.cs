using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Pulse.Contracts;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.Pipeline;
using Pulse.TestSupport;
using StackExchange.Redis;

namespace Pulse.BrowserTests;

/// <summary>A person who signs in to the Web.</summary>
public sealed record Person(string Handle, string Password, string Role);

/// <summary>
/// The whole stack in local mode with a small seed (users, posts, follows and two weeks of
/// aggregates) and a first wave of events through the Api, and one headless Debian Chromium driven
/// by Playwright; shared by every browser test (one start costs seconds). Playwright's own browser
/// download cannot work on these machines and is not needed: the system browser is launched by path.
/// An analyst, a member and the first admin exist; the analyst and the admin sign in once through
/// the Web's form, and pages open with that cookie (the Api limits sign-ins per address, and every
/// sign-in through the Web comes from the Web's one address).
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

    public static readonly Person Analyst = new("browser_analyst", "analyst-password-0123", Roles.Analyst);
    public static readonly Person Member = new("browser_member", "member-password-0123", Roles.Member);
    public static readonly Person Admin = new(LocalPulseApp.AdminHandle, LocalPulseApp.AdminPassword, Roles.Admin);

    private readonly Dictionary<Person, string> signedIn = [];
    private DistributedApplication? app;
    private IPlaywright? playwright;
    private ConnectionMultiplexer? redis;

    public IBrowser Browser { get; private set; } = null!;

    public Uri WebAddress => app!.GetEndpoint(ResourceNames.Web, "http");

    /// <summary>An Api client holding the stack's admin key, for setting up what the tests need.</summary>
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
        await CreateUserAsync(Analyst, cancellationToken);
        await CreateUserAsync(Member, cancellationToken);
        redis = await ConnectionMultiplexer.ConnectAsync(await app.GetConnectionStringAsync(ResourceNames.Redis, cancellationToken)
            ?? throw new InvalidOperationException("The stack has no Redis connection string."));

        playwright = await Playwright.CreateAsync();
        // Expect(...) waits on its own clock (5 s by default), not the page's: a page that loads its
        // figures after it turns interactive takes longer than that on a busy CI machine.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root there is no sandbox to use; the rest keeps Chromium off the closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var person in new[] { Analyst, Admin })
        {
            await using var context = await Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
            await page.GotoAsync(new Uri(WebAddress, "/sign-in").ToString());
            await SignInAsync(page, person);
            await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveAttributeAsync("data-role", person.Role);
            signedIn[person] = await context.StorageStateAsync();
        }
    }

    /// <summary>A page of the given width (a laptop by default), signed in as the analyst.</summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 900) => NewPageAsync(Analyst, width, height);

    /// <summary>A page in a browser context of its own, signed in as <paramref name="person"/> (the analyst or the admin), or nobody.</summary>
    public async Task<IPage> NewPageAsync(Person? person, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            StorageState = person is null ? null : signedIn[person],
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        page.Close += async (_, _) =>
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // The browser closed first (the run is ending): the context went with it. Unhandled,
                // this event handler's exception would end the test process after every test passed.
            }
        };
        return page;
    }

    /// <summary>Fills the sign-in form on <paramref name="page"/> (already on it) and sends it; answers the Web's response to the form.</summary>
    public static async Task<IResponse> SignInAsync(IPage page, Person person)
    {
        await page.GetByTestId("sign-in-handle").FillAsync(person.Handle);
        await page.GetByTestId("sign-in-password").FillAsync(person.Password);
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("sign-in-submit").ClickAsync(),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/sign-in");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response;
    }

    /// <summary>
    /// Puts an event on the dead-letter stream the way the Ingestor does when a group gives up on
    /// it (the entry's fields, with the group, error and attempts), and returns the event's id.
    /// </summary>
    public async Task<Guid> AddDeadLetterAsync(string group)
    {
        var author = SeededTopPosts[0];
        var now = DateTimeOffset.UtcNow;
        var @event = new PipelineEvent(Guid.CreateVersion7(), "post_view", author.AuthorId, author.PostId, null, now, now,
            new EventDevice("desktop", "Linux", "Chromium"), new EventGeo("NL", null), null);
        var entry = new StreamEntry($"{now.ToUnixTimeMilliseconds()}-0", [new NameValueEntry(EventStreamNames.PayloadField, PipelineJson.Serialize(@event))]);
        await new DeadLetters(redis!, TimeProvider.System).MoveAsync(EventStreamNames.Key, group, entry, "browser test: a poison event", 5);
        return @event.Id;
    }

    public Task<long> DeadLetterCountAsync() => redis!.GetDatabase().StreamLengthAsync(EventStreamNames.DeadLetterKey);

    private async Task CreateUserAsync(Person person, CancellationToken cancellationToken)
    {
        using var created = await Api.PostAsJsonAsync("/api/users",
            new CreateUserRequest(person.Handle, person.Handle, $"{person.Handle}@example.com", "NL", person.Password), cancellationToken);
        var user = created.IsSuccessStatusCode
            ? await created.Content.ReadFromJsonAsync<UserResponse>(cancellationToken)
            : throw new InvalidOperationException($"POST /api/users answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(cancellationToken)}");
        if (person.Role != Roles.Member)
        {
            using var role = await Api.PutAsJsonAsync($"/api/admin/users/{user!.Id}/role", new ChangeRoleRequest(person.Role), cancellationToken);
            if (!role.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT role answered {(int)role.StatusCode}: {await role.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    // User ids count from 1 and the small seed makes 1,000 users: the likers below all exist.
    private const long FirstSeededUser = 1;

    /// <summary>
    /// Views and shares on one post by the post's own author, and likes by as many seeded users (a
    /// post's likes are its distinct likers), from varied devices and countries.
    /// </summary>
    public static IEnumerable<IngestEvent> Engagement(TopPost post, int views, int likes, int shares = 0) =>
        Enumerable.Range(0, views).Select(i => Event("post_view", post, i))
            .Concat(Enumerable.Range(0, likes).Select(i => Event("post_like", post, i) with { UserId = FirstSeededUser + i }))
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
        redis?.Dispose();
        Api?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
