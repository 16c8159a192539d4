using System.Net;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>The Redis-backed rate limiter, with a small limit so ten times its rate is quick to send.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class RateLimitTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Limit = 20;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:RateLimits:Default:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Long enough that every request of a test falls in one window.
        ["Pulse:RateLimits:Default:WindowSeconds"] = "600",
    });

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task At_ten_times_the_allowed_rate_no_more_than_the_limit_is_admitted()
    {
        using var anonymous = api.CreateClient();
        await ReadyAsync(anonymous);

        var statuses = await SendAsync(anonymous, Limit * 10);

        var admitted = statuses.Count(Admitted);
        Assert.InRange(admitted, 1, (int)Math.Floor(Limit * 1.01));
        Assert.Equal(Limit * 10 - admitted, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Two_replicas_share_one_count()
    {
        using var first = api.CreateClient();
        using var second = api.CreateReplicaClient();
        // Both replicas up and connected to Redis, so the burst meets two working limiters. (The probes count only
        // against the per-address limit, 20,000 a minute by default, not against the route policy under test.)
        await Task.WhenAll(ReadyAsync(first), ReadyAsync(second));

        var statuses = await Task.WhenAll(SendAsync(first, Limit * 5), SendAsync(second, Limit * 5));

        Assert.InRange(statuses.SelectMany(batch => batch).Count(Admitted), 1, (int)Math.Floor(Limit * 1.01));
    }

    [Fact]
    public async Task A_refusal_is_429_problem_details_with_retry_after_and_rate_limit_headers()
    {
        using var anonymous = api.CreateClient();
        await SendAsync(anonymous, Limit);

        using var refused = await anonymous.GetAsync("/api/status", TestContext.Current.CancellationToken);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
        Assert.Equal(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task Each_api_key_has_its_own_allowance()
    {
        using var anonymous = api.CreateClient();
        await SendAsync(anonymous, Limit + 5);

        using var admin = await api.Client.GetAsync("/api/status", TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, admin.StatusCode);
    }

    [Fact]
    public async Task Requests_whose_credentials_fail_are_limited_too()
    {
        // The limiter runs before authentication: a wrong key cannot be tried without limit.
        using var wrongKey = api.CreateClient(apiKey: "pk_wrong-key-tried-again-and-again");
        using var wrongToken = api.CreateClient(bearer: "ps_wrong-token-tried-again-and-again");

        var byKey = await SendAsync(wrongKey, Limit * 10, "/api/keys");
        var byToken = await SendAsync(wrongToken, Limit * 10, "/api/sessions/current");

        Assert.All(new[] { byKey, byToken }, statuses =>
        {
            Assert.InRange(statuses.Count(status => status == HttpStatusCode.Unauthorized), 1, (int)Math.Floor(Limit * 1.01));
            Assert.Equal(Limit * 10 - statuses.Count(status => status == HttpStatusCode.Unauthorized), statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        });
    }

    private static Task<HttpStatusCode> ReadyAsync(HttpClient client) =>
        Pulse.TestSupport.Eventually.ReturnsAsync(async () =>
        {
            using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the replica to be healthy");

    /// <summary>
    /// Past the limiter: what the endpoint itself answers (on a loaded machine /api/status may
    /// report a slow store as down) is not the limiter's business.
    /// </summary>
    private static bool Admitted(HttpStatusCode status) => status != HttpStatusCode.TooManyRequests;

    private static async Task<HttpStatusCode[]> SendAsync(HttpClient client, int count, string path = "/api/status") =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }));
}
