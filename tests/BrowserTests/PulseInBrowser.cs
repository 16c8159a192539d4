using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Pulse.Contracts;
using Pulse.TestSupport;

namespace Pulse.BrowserTests;

/// <summary>
/// The whole stack in local mode and one headless Debian Chromium, driven by Playwright, shared by a
/// test class. Playwright's own browser download cannot work on these machines and is not needed:
/// the system browser is launched by path.
/// </summary>
public sealed class PulseInBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private DistributedApplication? app;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri WebAddress => app!.GetEndpoint(ResourceNames.Web, "http");

    public async ValueTask InitializeAsync()
    {
        app = await LocalPulseApp.StartAsync(TestContext.Current.CancellationToken);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root there is no sandbox to use; the rest keeps Chromium off the closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
