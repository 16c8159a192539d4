using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pulse.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Pulse service shares: service discovery, resilient HttpClients, OpenTelemetry and health endpoints.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Tag of the checks that say the process is alive (as opposed to ready).</summary>
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PulseTelemetry.Npgsql)
                .AddMeter([.. PulseTelemetry.Sources]))
            .WithTracing(tracing => tracing
                // Set here, so the AppHost's OTEL_TRACES_SAMPLER=always_on does not apply: always_on
                // records a span whatever its parent decided, which would put every command of
                // UntracedWork (idle polls, maintenance) and of an untraced health probe on the
                // dashboard as a trace of its own. Parent-based keeps the parent's decision.
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource([.. PulseTelemetry.Sources])
                .AddSource(PulseTelemetry.Npgsql, PulseTelemetry.StackExchangeRedis, MongoTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(aspNetCore =>
                    // Health probes run every few seconds; tracing them would drown the real requests.
                    aspNetCore.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c>, readiness: 200 while the service does its main work (Healthy, or
    /// Degraded when a store it can do without is away), 503 when it cannot (Unhealthy); and
    /// <c>/alive</c>, liveness: only the <c>live</c> checks, so a store's outage never has the
    /// process restarted.
    /// </summary>
    /// <param name="mayReadDetails">
    /// Who may read each check's description (exception texts, hosts, ports). Null: everyone, for a
    /// service with no external endpoint, whose probes are internal; a public service says who.
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Func<HttpContext, bool>? mayReadDetails = null)
    {
        // Probes carry no credentials, whatever a service's fallback authorization policy says.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            // ASP.NET Core's defaults, written out because the runbook and the AppHost rely on them.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = (context, report) => HealthReportWriter.WriteAsync(context, report, mayReadDetails?.Invoke(context) ?? true),
        }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        }).AllowAnonymous();

        return app;
    }
}
