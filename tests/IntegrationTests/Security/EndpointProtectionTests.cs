using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>
/// Every route the Api maps, enumerated from its endpoint data source: each is either on the
/// public list below or names a policy, and answers 401 without credentials and 403 with the
/// wrong ones. A new route that says neither fails here.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EndpointProtectionTests(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Routes anyone may call, on purpose.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "GET /api/status",
        "GET /api/users/{id:long}",
        "GET /api/users/{id:long}/posts",
        "GET /api/posts/{id:long}",
        "GET /api/posts/{id:long}/counters",
        "GET /api/counters",
        "GET /api/trending",
        "POST /api/sessions",
        "GET /openapi/{documentName}.json",
        "GET /health",
        "GET /alive",
    ];

    private readonly ApiServer api = new(postgres);
    private string ingestKey = "";
    private string sessionToken = "";

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        ingestKey = (await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("ingester", "ingest"))).Secret;
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("reader", "Reader", "reader@example.com", "US", "password1"));
        sessionToken = (await api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest("reader", "password1"))).Token;
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public void Every_route_is_public_on_purpose_or_names_a_policy()
    {
        var unprotected = AllRoutes(api)
            .Where(route => route.Policy is null && !PublicRoutes.Contains(route.Name))
            .Select(route => route.Name)
            .ToList();

        Assert.Empty(unprotected);
        Assert.All(PublicRoutes, name => Assert.Contains(AllRoutes(api), route => route.Name == name && route.IsAnonymous));
    }

    [Fact]
    public void Every_api_route_is_rate_limited()
    {
        var unlimited = api.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .Where(endpoint => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>() is null)
            .Select(endpoint => endpoint.DisplayName)
            .ToList();

        Assert.Empty(unlimited);
    }

    [Fact]
    public async Task Every_protected_route_answers_401_without_credentials()
    {
        using var anonymous = api.CreateClient();
        var routes = AllRoutes(api).Where(route => route.Policy is not null).ToList();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            using var response = await SendAsync(anonymous, route);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Name} answered {(int)response.StatusCode} without credentials");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Every_protected_route_answers_403_to_callers_without_the_scope()
    {
        using var ingester = api.CreateClient(apiKey: ingestKey);
        using var user = api.CreateClient(bearer: sessionToken);
        using var admin = api.CreateClient(apiKey: ApiServer.AdminKey);

        foreach (var route in AllRoutes(api).Where(route => route.Policy is not null))
        {
            var forbidden = route.Policy switch
            {
                "admin" => new[] { ("ingest key", ingester), ("session", user) },
                "user-or-admin" => [("ingest key", ingester)],
                "session" => [("ingest key", ingester), ("admin key", admin)],
                "ingest" => [],
                _ => throw new Xunit.Sdk.XunitException($"{route.Name} uses policy '{route.Policy}', which this test does not know"),
            };
            foreach (var (who, client) in forbidden)
            {
                using var response = await SendAsync(client, route);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Name} answered {(int)response.StatusCode} to a {who}");
            }
        }
    }

    [Fact]
    public async Task A_wrong_key_or_token_is_401_not_anonymous()
    {
        using var wrongKey = api.CreateClient(apiKey: "pk_not-a-real-key");
        using var wrongToken = api.CreateClient(bearer: "ps_not-a-real-token");

        using var keyResponse = await wrongKey.GetAsync("/api/keys", TestContext.Current.CancellationToken);
        using var tokenResponse = await wrongToken.GetAsync("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, keyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenResponse.StatusCode);
    }

    private sealed record Route(string Method, string Pattern, string? Policy, bool IsAnonymous)
    {
        public string Name => $"{Method} {Pattern}";
    }

    private static List<Route> AllRoutes(ApiServer api) =>
        [.. api.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new Route(
                    method,
                    "/" + endpoint.RoutePattern.RawText!.Trim('/'),
                    endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).LastOrDefault(policy => policy is not null),
                    endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)))];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Route route)
    {
        var path = route.Pattern.Replace("{id:long}", "1", StringComparison.Ordinal).Replace("{targetId:long}", "2", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
