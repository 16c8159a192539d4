using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Pulse.Web.Services.Api;
using Pulse.Web.Services.Live;

namespace Pulse.WebTests.Support;

/// <summary>
/// A bUnit context wired like the Web: MudBlazor's services (JS interop loose: no browser here), the
/// real <see cref="PulseApiClient"/> over a <see cref="StubApi"/>, a <see cref="FakeTrendingFeed"/>,
/// live refreshes without delay, and an interactive renderer (the pages load only when interactive).
/// </summary>
public abstract class WebTestContext : BunitContext
{
    public const string AdminKey = "test-admin-key";

    protected WebTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Options.Create(new LiveUpdateOptions
        {
            TrendingRefreshInterval = TimeSpan.Zero,
            ActivityRefreshInterval = TimeSpan.Zero,
            QuietRefreshInterval = TimeSpan.FromHours(1),
        }));
        Services.AddSingleton<ITrendingFeed>(Feed);
        Services.AddSingleton(ApiClient(Api));
        // After the services: setting it starts the renderer, which seals the container.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public StubApi Api { get; } = new();

    public FakeTrendingFeed Feed { get; } = new();

    /// <summary>The Web's client over a stub, with the admin key header the Web sends.</summary>
    public static PulseApiClient ApiClient(StubApi api)
    {
        var http = new HttpClient(api) { BaseAddress = new Uri("http://api/") };
        http.DefaultRequestHeaders.Add(Pulse.Contracts.Security.AuthHeaders.ApiKey, AdminKey);
        return new PulseApiClient(http, new InFlightReads(), NullLogger<PulseApiClient>.Instance);
    }
}
