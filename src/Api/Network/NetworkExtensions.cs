using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Pulse.Api.Network;

public static class NetworkExtensions
{
    public static IHostApplicationBuilder AddPulseNetwork(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((forwarded, network) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback out of the box; Pulse trusts exactly what is configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in network.Value.Proxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }
            foreach (var known in network.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(known);
            }
            // Walk X-Forwarded-For from the right for as long as the hop that added an entry is a
            // known proxy: the first entry added by anyone else is the client. What a client writes
            // in front of that is never read.
            forwarded.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>
    /// Applies forwarded headers from configured proxies; with none configured adds nothing, so
    /// X-Forwarded-For is ignored whoever sends it. First in the pipeline: everything after it sees
    /// the client's address.
    /// </summary>
    public static WebApplication UsePulseForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<NetworkOptions>>().Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
