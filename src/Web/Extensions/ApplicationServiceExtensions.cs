using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Pulse.Contracts;
using Pulse.Web.Security;
using Pulse.Web.Services.Api;
using Pulse.Web.Services.Live;

namespace Pulse.Web.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.AddSignIn();
        builder.AddPulseApiClient();
        builder.AddTrendingFeed();

        return builder;
    }

    /// <summary>
    /// Cookie sign-in over the Api's sessions: the cookie (HttpOnly, SameSite=Lax, Secure over https,
    /// encrypted by Data Protection) holds the person's Api token and lasts as long as the Api session
    /// can; the pages ask for an analyst or admin.
    /// </summary>
    private static void AddSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EndedSessions>();
        builder.Services.AddScoped<SessionCookieEvents>();
        builder.Services.AddScoped<ApiCaller>();
        builder.Services.AddScoped<DashboardSignIn>();
        builder.Services.AddAuthentication(WebAuth.Scheme)
            .AddCookie(WebAuth.Scheme, WebAuth.ConfigureCookie);
        builder.Services.AddAuthorization(WebAuth.AddPolicies);
        builder.Services.AddCascadingAuthenticationState();
    }

    private static void AddPulseApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InFlightReads>();
        builder.Services.AddOptions<PulseApiOptions>()
            .BindConfiguration(PulseApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the
        // handler ConfigureHttpClientDefaults gave every client with one tuned for this client.
#pragma warning disable EXTEXP0001
        // The base address is a service-discovery name ("https+http://api"): resolved per request,
        // so the Api's replicas and port can change without the Web restarting.
        builder.Services.AddHttpClient<PulseApiClient>((services, client) =>
        {
            var options = services.GetRequiredService<IOptions<PulseApiOptions>>().Value;
            client.BaseAddress = new Uri(options.BaseAddress);
        })
        // A person waits for these answers: retry briefly, and never a definite one. A 503 from the
        // event analytics means "no event store" and stays so; a replay is not repeated on a timeout.
        .RemoveAllResilienceHandlers()
        .AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(300);
            options.Retry.ShouldHandle = arguments => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(arguments.Outcome)
                && arguments.Outcome.Result?.StatusCode is not HttpStatusCode.ServiceUnavailable);
            options.Retry.DisableForUnsafeHttpMethods();
        });
#pragma warning restore EXTEXP0001
    }

    private static void AddTrendingFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveUpdateOptions>()
            .BindConfiguration(LiveUpdateOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Redis only feeds the live updates: a Redis slow to start (or briefly gone) must neither stop
        // the Web nor mark it unhealthy. The multiplexer keeps reconnecting; the pages keep working.
        builder.AddRedisClient(
            ResourceNames.Redis,
            configureSettings: settings => settings.DisableHealthChecks = true,
            configureOptions: options =>
            {
                options.AbortOnConnectFail = false;
                SubscriberConnection.Apply(options);
            });

        builder.Services.AddSingleton<TrendingFeed>();
        builder.Services.AddSingleton<ITrendingFeed>(services => services.GetRequiredService<TrendingFeed>());
        builder.Services.AddHostedService(services => services.GetRequiredService<TrendingFeed>());
        builder.Services.AddHealthChecks().AddCheck<TrendingFeedHealthCheck>(TrendingFeedHealthCheck.Name, failureStatus: HealthStatus.Degraded);
    }
}
