using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Pulse.Api.Security;
using Pulse.Api.Security.Sessions;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.Data.Entities;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>
/// Every route the Api maps, enumerated from its endpoint data source, against a table that says who
/// may use it. Each route is called by every kind of caller (anonymous, member, analyst, admin, and
/// ingest, read and admin keys): those the table allows must get past authorization, the others
/// get 401 (no credentials) or 403. A route missing from the table, or naming another policy than
/// the table says, fails here.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EndpointProtectionTests(PostgresServer postgres) : IAsyncLifetime
{
    private enum Access { Public, Member, MemberOrAdmin, Analyst, Admin, Ingest }

    private static readonly Dictionary<string, Access> Expected = new()
    {
        ["GET /api/status"] = Access.Public,
        ["GET /health"] = Access.Public,
        ["GET /alive"] = Access.Public,
        ["GET /openapi/{documentName}.json"] = Access.Public,
        ["POST /api/sessions"] = Access.Public,
        ["GET /api/users/{id:long}"] = Access.Public,
        ["GET /api/users/{id:long}/posts"] = Access.Public,
        ["GET /api/posts/{id:long}"] = Access.Public,
        ["GET /api/posts/{id:long}/counters"] = Access.Public,
        ["GET /api/counters"] = Access.Public,
        ["GET /api/trending"] = Access.Public,

        ["GET /api/sessions/current"] = Access.Member,
        ["DELETE /api/sessions/current"] = Access.Member,
        ["GET /api/notifications/stream"] = Access.Member,

        ["POST /api/posts"] = Access.MemberOrAdmin,
        ["PUT /api/users/{id:long}/following/{targetId:long}"] = Access.MemberOrAdmin,
        ["DELETE /api/users/{id:long}/following/{targetId:long}"] = Access.MemberOrAdmin,

        ["POST /api/events"] = Access.Ingest,

        ["GET /api/analytics/posts/top"] = Access.Analyst,
        ["GET /api/analytics/daily"] = Access.Analyst,
        ["GET /api/analytics/posts/{id:long}/daily"] = Access.Analyst,
        ["GET /api/analytics/authors/leaderboard"] = Access.Analyst,
        ["GET /api/analytics/users/most-followed"] = Access.Analyst,
        ["GET /api/analytics/users/{id:long}"] = Access.Analyst,
        ["GET /api/analytics/users/{id:long}/follower-growth"] = Access.Analyst,
        ["GET /api/analytics/follower-growth"] = Access.Analyst,
        ["GET /api/analytics/users/{id:long}/engagement-rates"] = Access.Analyst,
        ["GET /api/analytics/posts/{id:long}/engagement-rate"] = Access.Analyst,
        ["GET /api/analytics/events/funnel"] = Access.Analyst,
        ["GET /api/analytics/users/{id:long}/audience-heatmap"] = Access.Analyst,
        ["GET /api/analytics/audience-heatmap"] = Access.Analyst,
        ["GET /api/analytics/retention"] = Access.Analyst,
        ["GET /api/analytics/events/devices"] = Access.Analyst,
        ["GET /api/analytics/events/countries"] = Access.Analyst,
        ["GET /api/analytics/events/hours"] = Access.Analyst,
        ["GET /api/analytics/events/types"] = Access.Analyst,
        ["GET /api/analytics/events/breakdown"] = Access.Analyst,
        ["GET /api/analytics/events/users/{id:long}/timeline"] = Access.Analyst,
        ["GET /api/analytics/events/heatmap"] = Access.Analyst,
        ["GET /api/realtime/activity"] = Access.Analyst,
        ["GET /api/reports/overview"] = Access.Analyst,
        ["GET /api/reports/overview.csv"] = Access.Analyst,
        ["GET /api/admin/pipeline"] = Access.Analyst,
        ["GET /api/admin/dead-letters"] = Access.Analyst,
        ["GET /api/freshness"] = Access.Analyst,

        ["POST /api/admin/dead-letters/replay"] = Access.Admin,
        ["POST /api/admin/pipeline/groups/{group}/pause"] = Access.Admin,
        ["POST /api/admin/pipeline/groups/{group}/resume"] = Access.Admin,
        ["POST /api/admin/pipeline/groups/{group}/retire"] = Access.Admin,
        ["GET /api/admin/audit"] = Access.Admin,
        ["GET /api/admin/users"] = Access.Admin,
        ["PUT /api/admin/users/{id:long}/role"] = Access.Admin,
        ["POST /api/users"] = Access.Admin,
        ["POST /api/keys"] = Access.Admin,
        ["GET /api/keys"] = Access.Admin,
        ["DELETE /api/keys/{id:long}"] = Access.Admin,
        ["PUT /api/keys/{id:long}/budget"] = Access.Admin,
        ["POST /api/users/{id:long}/erasure"] = Access.MemberOrAdmin,
        ["GET /api/erasures"] = Access.Admin,
        ["GET /api/erasures/{jobId:long}"] = Access.Admin,
    };

    /// <summary>The policy each access level must be enforced by.</summary>
    private static readonly Dictionary<Access, string?> PolicyOf = new()
    {
        [Access.Public] = null,
        [Access.Member] = PulseAuth.MemberPolicy,
        [Access.MemberOrAdmin] = PulseAuth.MemberOrAdminPolicy,
        [Access.Analyst] = PulseAuth.AnalystPolicy,
        [Access.Admin] = PulseAuth.AdminPolicy,
        [Access.Ingest] = PulseAuth.IngestPolicy,
    };

    private enum Caller { Anonymous, Member, Analyst, AdminUser, IngestKey, ReadKey, AdminKey }

    private static readonly Dictionary<Access, Caller[]> AllowedCallers = new()
    {
        [Access.Public] = Enum.GetValues<Caller>(),
        [Access.Member] = [Caller.Member, Caller.Analyst, Caller.AdminUser],
        [Access.MemberOrAdmin] = [Caller.Member, Caller.Analyst, Caller.AdminUser, Caller.AdminKey],
        [Access.Analyst] = [Caller.Analyst, Caller.AdminUser, Caller.ReadKey, Caller.AdminKey],
        [Access.Admin] = [Caller.AdminUser, Caller.AdminKey],
        [Access.Ingest] = [Caller.Member, Caller.Analyst, Caller.AdminUser, Caller.IngestKey, Caller.AdminKey],
    };

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        // Every route is called by seven callers here; the limits under test are elsewhere.
        ["Pulse:RateLimits:Analytics:PermitLimit"] = "10000",
        ["Pulse:RateLimits:Default:PermitLimit"] = "10000",
    });
    private readonly Dictionary<Caller, (string Handle, long Id, string Role)> users = [];
    private readonly Dictionary<Caller, string> keys = [];

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        keys[Caller.IngestKey] = (await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("ingester", ApiKeyScopes.Ingest))).Secret;
        keys[Caller.ReadKey] = (await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("reader", ApiKeyScopes.Read))).Secret;
        keys[Caller.AdminKey] = ApiServer.AdminKey;
        foreach (var (caller, role) in new[] { (Caller.Member, Roles.Member), (Caller.Analyst, Roles.Analyst), (Caller.AdminUser, Roles.Admin) })
        {
            var handle = $"{role}_user";
            var user = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest(handle, handle, $"{handle}@example.com", "US", "password1"));
            if (role != Roles.Member)
            {
                using var changed = await api.Client.PutAsJsonAsync($"/api/admin/users/{user.Id}/role", new ChangeRoleRequest(role), TestContext.Current.CancellationToken);
                changed.EnsureSuccessStatusCode();
            }
            users[caller] = (handle, user.Id, role);
        }
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public void Every_route_has_an_expectation_and_is_enforced_by_its_policy()
    {
        var routes = AllRoutes(api);

        var withoutExpectation = routes.Select(route => route.Name).Where(name => !Expected.ContainsKey(name)).ToList();
        var expectedButAbsent = Expected.Keys.Where(name => routes.All(route => route.Name != name)).ToList();

        Assert.Empty(withoutExpectation);
        Assert.Empty(expectedButAbsent);
        Assert.All(routes, route =>
        {
            var access = Expected[route.Name];
            Assert.True(PolicyOf[access] == route.Policy, $"{route.Name} is enforced by '{route.Policy}', expected '{PolicyOf[access]}'");
            Assert.True((access == Access.Public) == route.IsAnonymous, $"{route.Name}: anonymous access is {route.IsAnonymous}, expected {access == Access.Public}");
        });
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
    public async Task Every_route_admits_exactly_the_callers_its_expectation_names()
    {
        var mistakes = new List<string>();
        foreach (var route in AllRoutes(api))
        {
            var allowed = AllowedCallers[Expected[route.Name]];
            foreach (var caller in Enum.GetValues<Caller>())
            {
                using var client = await ClientForAsync(caller);
                using var response = await SendAsync(client, route, users.TryGetValue(caller, out var user) ? user.Id : null);
                var status = response.StatusCode;
                var admitted = status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
                var expectedRefusal = caller == Caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                if (allowed.Contains(caller) != admitted || (!admitted && status != expectedRefusal))
                {
                    mistakes.Add($"{route.Name} answered {(int)status} to {caller}");
                }
                if (!admitted)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }

        Assert.Empty(mistakes);
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

    /// <summary>A client for <paramref name="caller"/>; a session caller gets a session of its own per request, since some routes end it.</summary>
    private async Task<HttpClient> ClientForAsync(Caller caller)
    {
        if (keys.TryGetValue(caller, out var key))
        {
            return api.CreateClient(apiKey: key);
        }
        if (users.TryGetValue(caller, out var user))
        {
            var (token, _) = await api.GetService<SessionStore>().CreateAsync(user.Id, user.Handle, user.Role);
            return api.CreateClient(bearer: token);
        }
        return api.CreateClient();
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

    /// <summary>
    /// Sends the route with ids that touch nothing that exists (a user acts on themselves, so that
    /// only authorization can refuse), and reads only the headers: the notification stream never ends.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Route route, long? userId)
    {
        var id = route.Pattern.StartsWith("/api/users/", StringComparison.Ordinal) && userId is { } own ? own : 999_999;
        var path = route.Pattern
            .Replace("{id:long}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{targetId:long}", "999998", StringComparison.Ordinal)
            .Replace("{jobId:long}", "999997", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{group}", "no-such-group", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }
}

