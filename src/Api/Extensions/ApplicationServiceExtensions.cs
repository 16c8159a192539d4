using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Pulse.Api.Analytics;
using Pulse.Api.Audit;
using Pulse.Api.EventAnalytics;
using Pulse.Api.Events;
using Pulse.Api.Freshness;
using Pulse.Api.Network;
using Pulse.Api.Notifications;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Api.Realtime;
using Pulse.Api.Reports;
using Pulse.Api.Status;
using Pulse.Api.Users;
using Pulse.Contracts;
using Pulse.Data;
using Pulse.Data.Analytics;
using Pulse.Data.Entities;
using Pulse.ServiceDefaults;

namespace Pulse.Api.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        // A malformed body is the client's error in every environment: answer 400 problem details
        // instead of throwing (which the development exception page would turn into a 500).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        builder.Services.AddOpenApi();

        builder.Services.TryAddSingleton(TimeProvider.System);

        // One connection pool for EF Core (writes, simple reads) and the analytics SQL. Without
        // PostgreSQL the Api still accepts events whose users and posts it checked lately, and serves
        // what Redis holds: it is degraded, not down.
        builder.AddNpgsqlDataSource(ResourceNames.PulseDatabase);
        builder.ServesDegradedWithout(StoreHealthChecks.PostgreSql);
        builder.Services.AddDbContextPool<PulseDbContext>((services, options) =>
            options.UsePulsePostgres(services.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.AddPulseSecurity();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddScoped<FollowGraph>();
        builder.AddPulseNetwork();
        builder.AddPulseRateLimiting();
        builder.Services.AddSingleton<NotificationFeed>();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<NotificationStreams>();
        // A Redis that is slow to answer at start-up must not leave the process without Redis for good:
        // the multiplexer keeps reconnecting in the background instead.
        builder.AddRedisClient(
            ResourceNames.Redis,
            // Aspire's check needs admin mode on a Redis Cluster; this one does not (same name).
            configureSettings: settings => settings.DisableHealthChecks = true,
            configureOptions: options => options.AbortOnConnectFail = false);
        builder.AddRedisPrimariesHealthCheck();

        // MongoDB is optional: where none is configured, or it does not answer, the event-log endpoints
        // answer 503 and /api/status says so, while everything PostgreSQL and Redis serve keeps working.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.EventsDatabase)))
        {
            builder.AddMongoDBClient(ResourceNames.EventsDatabase);
            builder.ServesDegradedWithout(StoreHealthChecks.MongoDB(ResourceNames.EventsDatabase));
        }

        builder.Services.AddOptions<StatusOptions>()
            .BindConfiguration(StatusOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<EngagementOptions>()
            .BindConfiguration(EngagementOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TopPostsQuery>();
        builder.Services.AddSingleton<DailyEngagementQuery>();
        builder.Services.AddSingleton<PostDailyEngagementQuery>();
        builder.Services.AddSingleton<AuthorLeaderboardQuery>();
        builder.Services.AddSingleton<MostFollowedQuery>();
        builder.Services.AddSingleton<UserSummaryQuery>();
        builder.Services.AddSingleton<FollowerGrowthQuery>();
        builder.Services.AddSingleton<EngagementRateQuery>();
        builder.Services.AddSingleton<EventAnalyticsQueries>();
        builder.Services.AddSingleton<FunnelFallbackQuery>();
        builder.Services.AddSingleton<FunnelQuery>();
        builder.Services.AddSingleton<AudienceHeatmapQuery>();
        builder.Services.AddSingleton<RetentionCohortsQuery>();
        builder.Services.AddSingleton<FollowerIdsQuery>();
        builder.Services.AddSingleton<EventHeatmapQuery>();

        builder.AddRealtime();
        builder.AddEventIngestion();
        builder.AddReports();
        builder.AddFreshness();

        builder.Services.AddSingleton<IStoreProbe, PostgresProbe>();
        builder.Services.AddSingleton<IStoreProbe, RedisProbe>();
        builder.Services.AddSingleton<IStoreProbe, MongoProbe>();
        builder.Services.AddSingleton<StatusReporter>();

        return builder;
    }
}
