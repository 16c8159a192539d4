using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>
/// X-Forwarded-For decides the client's address only when a configured proxy sent it: otherwise
/// any client could name a fresh address per request and never meet the per-address limit.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class ForwardedHeadersTests(PostgresServer postgres)
{
    private const string Proxy = "10.0.0.2";
    private const string ProxyInNetwork = "10.1.2.3";

    private static Dictionary<string, string?> Settings(bool withProxies)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pulse:RateLimits:PerIp:PermitLimit"] = "5",
            ["Pulse:RateLimits:PerIp:WindowSeconds"] = "600",
        };
        if (withProxies)
        {
            settings["Pulse:Network:KnownProxies:0"] = Proxy;
            settings["Pulse:Network:KnownNetworks:0"] = "10.1.0.0/16";
        }
        return settings;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1")]
    [InlineData(Proxy)]
    public async Task Without_configured_proxies_x_forwarded_for_is_ignored_even_from_loopback(string? peer)
    {
        await using var api = new ApiServer(postgres, Settings(withProxies: false));
        await api.InitializeAsync();

        // Every request names another client, and all of them still count against the one peer.
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 8; i++)
        {
            statuses.Add(await StatusAsync(api, peer, $"203.0.113.{i}"));
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Theory]
    [InlineData(Proxy)]
    [InlineData(ProxyInNetwork)]
    public async Task From_a_configured_proxy_the_forwarded_client_is_the_client(string peer)
    {
        await using var api = new ApiServer(postgres, Settings(withProxies: true));
        await api.InitializeAsync();

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            first.Add(await StatusAsync(api, peer, "203.0.113.1"));
        }
        var second = await StatusAsync(api, peer, "203.0.113.2");
        // A client cannot put itself in front of the proxy: only the address the proxy saw counts.
        var spoofed = await StatusAsync(api, peer, "203.0.113.3, 203.0.113.1");

        Assert.Contains(HttpStatusCode.TooManyRequests, first);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed);
    }

    [Fact]
    public async Task The_audit_log_records_the_forwarded_client_behind_a_configured_proxy_and_the_peer_otherwise()
    {
        await using var behindProxy = new ApiServer(postgres, Settings(withProxies: true));
        await behindProxy.InitializeAsync();
        await using var direct = new ApiServer(postgres, Settings(withProxies: false));
        await direct.InitializeAsync();

        Assert.Equal("203.0.113.9", await AuditedSourceAsync(behindProxy, Proxy));
        Assert.Equal("192.0.2.50", await AuditedSourceAsync(direct, "192.0.2.50"));
    }

    private static async Task<string?> AuditedSourceAsync(ApiServer api, string peer)
    {
        using var admin = api.CreateClient(apiKey: ApiServer.AdminKey, peer: peer);
        admin.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        using var created = await admin.PostAsJsonAsync("/api/keys", new CreateApiKeyRequest("audited", "ingest"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var command = api.Database.CreateCommand("select source from audit_log order by id desc limit 1");
        return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<HttpStatusCode> StatusAsync(ApiServer api, string? peer, string forwardedFor)
    {
        using var client = api.CreateClient(peer: peer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
