namespace Pulse.Ingestor.Erasure;

public static class ErasureServiceExtensions
{
    /// <summary>The runner of erasure jobs, on PostgreSQL (the jobs), Redis, and MongoDB when configured.</summary>
    public static IHostApplicationBuilder AddErasure(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ErasureOptions>()
            .BindConfiguration(ErasureOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ErasureJobStore>();
        builder.Services.AddSingleton<EventLogErasure>();
        builder.Services.AddSingleton<RedisErasure>();
        builder.Services.AddSingleton<PostgresErasure>();
        builder.Services.AddHostedService<ErasureRunner>();
        return builder;
    }
}
