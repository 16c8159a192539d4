using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>The per-client-address limiter in front of everything, with a limit small enough to reach quickly.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class ClientAddressLimitTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int PerAddress = 300;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:RateLimits:PerIp:PermitLimit"] = PerAddress.ToString(CultureInfo.InvariantCulture),
        // Long enough that every request of a test falls in one window.
        ["Pulse:RateLimits:PerIp:WindowSeconds"] = "600",
        ["Pulse:RateLimits:Default:PermitLimit"] = "100000",
    });

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_thousand_random_keys_cost_a_bounded_number_of_queries_and_meet_the_per_address_limit()
    {
        using var queries = new PostgresQueryCounter(api.ConnectionString);
        // The counter sees this database's queries: a public read is one.
        using (var reader = api.CreateClient(peer: "192.0.2.200"))
        using (var read = await reader.GetAsync("/api/users/1", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
        Assert.InRange(queries.Count, 1, 10);
        var before = queries.Count;

        var statuses = new List<HttpStatusCode>();
        foreach (var chunk in Enumerable.Range(0, 1000).Chunk(25))
        {
            statuses.AddRange(await Task.WhenAll(chunk.Select(async _ =>
            {
                using var client = api.CreateClient(apiKey: "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
                using var response = await client.GetAsync("/api/keys", TestContext.Current.CancellationToken);
                return response.StatusCode;
            })));
        }

        Assert.Equal(1000, statuses.Count(status => status is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        Assert.InRange(statuses.Count(status => status == HttpStatusCode.Unauthorized), 1, (int)Math.Floor(PerAddress * 1.01));
        // Loading the active keys once (twice if a key changes meanwhile), never a query per key.
        Assert.InRange(queries.Count - before, 0, 3);
    }

    [Fact]
    public async Task The_limit_is_per_address_and_an_ipv6_address_counts_with_its_64()
    {
        using var first = api.CreateClient(peer: "2001:db8:1:2::1");
        using var sameNetwork = api.CreateClient(peer: "2001:db8:1:2:ffff:ffff:ffff:fffe");
        using var otherNetwork = api.CreateClient(peer: "2001:db8:1:3::1");
        using var ipv4 = api.CreateClient(peer: "198.51.100.7");

        var statuses = await SendAsync(first, PerAddress + 20);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(sameNetwork));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await StatusAsync(otherNetwork));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await StatusAsync(ipv4));
    }

    [Fact]
    public async Task A_refusal_is_429_problem_details_with_retry_after_and_rate_limit_headers()
    {
        using var client = api.CreateClient(peer: "198.51.100.8");
        await SendAsync(client, PerAddress);

        using var refused = await client.GetAsync("/no/such/route", TestContext.Current.CancellationToken);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
        Assert.Equal(PerAddress.ToString(CultureInfo.InvariantCulture), refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/no/such/route", TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Requests no endpoint serves: the cheapest thing the limiter in front of everything sees.</summary>
    private static async Task<HttpStatusCode[]> SendAsync(HttpClient client, int count)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(25))
        {
            statuses.AddRange(await Task.WhenAll(chunk.Select(_ => StatusAsync(client))));
        }
        return [.. statuses];
    }
}
