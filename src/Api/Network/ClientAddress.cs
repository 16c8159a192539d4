using System.Net;
using System.Net.Sockets;

namespace Pulse.Api.Network;

/// <summary>
/// The client address a request counts against, after forwarded headers from configured proxies
/// were applied (<see cref="NetworkExtensions"/>). An IPv6 client counts by its /64: one host
/// commonly holds a whole /64, and would otherwise get a fresh allowance per address.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            // No transport Pulse runs on leaves it empty; should one, its callers share one count.
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
