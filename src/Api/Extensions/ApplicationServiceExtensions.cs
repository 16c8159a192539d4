using Pulse.Api.Status;
using Pulse.Contracts;

namespace Pulse.Api.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        builder.AddNpgsqlDataSource(ResourceNames.PulseDatabase);
        builder.AddRedisClient(ResourceNames.Redis);

        // MongoDB is optional: where none is configured the event-log endpoints answer 503 and
        // /api/status says so, while everything PostgreSQL and Redis serve keeps working.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.EventsDatabase)))
        {
            builder.AddMongoDBClient(ResourceNames.EventsDatabase);
        }

        builder.Services.AddOptions<StatusOptions>()
            .BindConfiguration(StatusOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<IStoreProbe, PostgresProbe>();
        builder.Services.AddSingleton<IStoreProbe, RedisProbe>();
        builder.Services.AddSingleton<IStoreProbe, MongoProbe>();
        builder.Services.AddSingleton<StatusReporter>();

        return builder;
    }
}
