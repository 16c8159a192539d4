using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Contracts;
using Pulse.Data;
using Pulse.MigrationService.Bootstrap;
using Pulse.MigrationService.Seeding;

namespace Pulse.MigrationService.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddMigrationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ResourceNames.PulseDatabase);
        // The options built by the typed UsePulsePostgres, registered directly: AddDbContext hands out a non-generic builder.
        builder.Services.AddSingleton(services =>
            new DbContextOptionsBuilder<PulseDbContext>().UsePulsePostgres(services.GetRequiredService<NpgsqlDataSource>()).Options);
        builder.Services.AddScoped<PulseDbContext>();

        builder.Services.AddOptions<SeedOptions>()
            .BindConfiguration(SeedSettings.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SeedOptions>, SeedOptionsValidator>();
        builder.Services.AddOptions<BootstrapOptions>()
            .BindConfiguration(BootstrapSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddScoped<DatabasePreparation>();
        // Redis only where the AppHost gives it: the deployment's decision about the event log's group.
        if (builder.Configuration.GetConnectionString(ResourceNames.Redis) is { Length: > 0 })
        {
            builder.AddRedisClient(ResourceNames.Redis, configureOptions: options => options.AbortOnConnectFail = false);
            builder.Services.AddScoped<EventLogGroupBootstrap>();
        }
        builder.Services.AddHostedService<MigrationWorker>();

        return builder;
    }
}
