using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Pulse.Api.Network;

/// <summary>
/// Which peers may tell the Api who the client is, from <c>Pulse:Network</c>. X-Forwarded-For and
/// X-Forwarded-Proto are honoured only from these proxies; with none configured they are ignored,
/// loopback included (ASP.NET trusts loopback by default: Pulse clears that). The client address
/// that results is what the per-address rate limit, sign-in throttling and the audit log use.
/// </summary>
public sealed class NetworkOptions : IValidatableObject
{
    public const string SectionName = "Pulse:Network";

    /// <summary>Addresses of the reverse proxies or load balancers in front of the Api (e.g. <c>10.0.0.2</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation (e.g. <c>10.1.0.0/16</c>), for proxies without a fixed address.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Proxies() => KnownProxies.Select(proxy => IPAddress.Parse(proxy.Trim()));

    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(network => IPNetwork.Parse(network.Trim()));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownProxies.Where(proxy => !IPAddress.TryParse(proxy.Trim(), out _))
            .Select(proxy => new ValidationResult($"{SectionName}:KnownProxies: '{proxy}' is not an IP address."))
            .Concat(KnownNetworks.Where(network => !IPNetwork.TryParse(network.Trim(), out _))
                .Select(network => new ValidationResult($"{SectionName}:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.1.0.0/16).")));
}
