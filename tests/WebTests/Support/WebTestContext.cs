using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Pulse.Web.Security;
using Pulse.Web.Services.Api;
using Pulse.Web.Services.Live;

namespace Pulse.WebTests.Support;

/// <summary>
/// A bUnit context wired like the Web: MudBlazor's services (JS interop loose: no browser here), the
/// real <see cref="PulseApiClient"/> over a <see cref="StubApi"/> calling as the signed-in person
/// (an analyst unless a test signs someone else in), the Web's own authorization policies, a
/// <see cref="FakeTrendingFeed"/>, live refreshes without delay, and an interactive renderer (the
/// pages load only when interactive).
/// </summary>
public abstract class WebTestContext : BunitContext
{
    protected WebTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(Clock);
        Services.AddSingleton(Options.Create(new LiveUpdateOptions
        {
            TrendingRefreshInterval = TimeSpan.Zero,
            ActivityRefreshInterval = TimeSpan.Zero,
            QuietRefreshInterval = TimeSpan.FromHours(1),
            ErasureRefreshInterval = TimeSpan.FromMilliseconds(100),
        }));
        Services.AddSingleton<ITrendingFeed>(Feed);
        // The Web's own policies, evaluated for real (bUnit's placeholders are replaced, not its fakes used).
        Services.AddAuthorizationCore(WebAuth.AddPolicies);
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(Authentication);
        Services.AddSingleton(Ended);
        Services.AddSingleton(Caller);
        Services.AddSingleton(ApiClient(Api, Caller));
        // After the services: setting it starts the renderer, which seals the container.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The pages' clock: the system's, unless a test class drives time itself (its field initialisers run before this constructor).</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    public StubApi Api { get; } = new();

    public FakeTrendingFeed Feed { get; } = new();

    public TestAuthenticationState Authentication { get; } = new(TestPeople.Analyst);

    public EndedSessions Ended { get; } = new(TimeProvider.System);

    public ApiCaller Caller => caller ??= new ApiCaller(Authentication, Ended, TimeProvider.System);

    private ApiCaller? caller;

    /// <summary>Signs <paramref name="user"/> in (or nobody out) for what renders next.</summary>
    public void SignIn(SignedInUser? user) => Authentication.SignIn(user);

    /// <summary>The Web's client over a stub, calling as <paramref name="caller"/>'s person.</summary>
    public static PulseApiClient ApiClient(StubApi api, ApiCaller caller, InFlightReads? reads = null) =>
        new(new HttpClient(api) { BaseAddress = new Uri("http://api/") }, reads ?? new InFlightReads(), caller, NullLogger<PulseApiClient>.Instance);

    /// <summary>The Web's client over a stub, calling as <paramref name="user"/> (null: nobody signed in).</summary>
    public static PulseApiClient ApiClient(StubApi api, SignedInUser? user, InFlightReads? reads = null, EndedSessions? ended = null) =>
        ApiClient(api, new ApiCaller(new TestAuthenticationState(user), ended ?? new EndedSessions(TimeProvider.System), TimeProvider.System), reads);
}
