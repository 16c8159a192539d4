using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.Retention;

public static class RetentionPolicyExtensions
{
    /// <summary>
    /// Binds <c>Pulse:Retention</c> and validates it at start-up, retired keys included. Safe to
    /// call from every part that reads it: the second call adds nothing.
    /// </summary>
    public static IHostApplicationBuilder AddRetentionPolicy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(service => service.ServiceType == typeof(IValidateOptions<RetentionOptions>)))
        {
            return builder;
        }
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetiredRetentionKeys>());
        return builder;
    }
}
