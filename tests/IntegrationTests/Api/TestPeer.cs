using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// Gives each in-memory request the peer address Kestrel would: 127.0.0.1, or the address in the
/// test-only <see cref="Header"/>, so tests can speak from several clients and from proxies.
/// (Without a peer address ASP.NET's forwarded-headers middleware trusts the first hop.) Runs
/// before the Api's own middleware.
/// </summary>
public sealed class TestPeer : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var peer)
                ? IPAddress.Parse(peer.ToString())
                : IPAddress.Loopback;
            context.Request.Headers.Remove(Header);
            return nextMiddleware(context);
        });
        next(app);
    };
}
