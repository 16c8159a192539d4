using Microsoft.Extensions.Options;
using Pulse.Contracts.Security;
using Pulse.Web.Services;

namespace Pulse.Web.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        builder.Services.AddOptions<PulseApiOptions>()
            .BindConfiguration(PulseApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The base address is a service-discovery name ("https+http://api"): resolved per request,
        // so the Api's replicas and port can change without the Web restarting.
        builder.Services.AddHttpClient<PulseApiClient>((services, client) =>
        {
            var options = services.GetRequiredService<IOptions<PulseApiOptions>>().Value;
            client.BaseAddress = new Uri(options.BaseAddress);
            if (!string.IsNullOrEmpty(options.AdminKey))
            {
                client.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, options.AdminKey);
            }
        });

        return builder;
    }
}
