using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Routing;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Robustness;

/// <summary>
/// Property: whatever a caller sends to any route (ids, query parameters, bodies, all of them odd),
/// the Api answers with a client error or a success, never a server error. Routes come from the
/// Api's own endpoint table, so a new one is covered too. The one 5xx allowed is the documented
/// 503 of a store this deployment does not have (MongoDB here), with its problem details.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class NoServerErrorTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Cases = 10_000;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        // Every case is answered on its merits, not refused for the rate.
        ["Pulse:RateLimits:PerIp:PermitLimit"] = "100000000",
        ["Pulse:RateLimits:Default:PermitLimit"] = "100000000",
        ["Pulse:RateLimits:Analytics:PermitLimit"] = "100000000",
        ["Pulse:RateLimits:Ingest:PermitLimit"] = "100000000",
        ["Pulse:RateLimits:SignIn:PermitLimit"] = "100000000",
    });

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    private sealed record Route(string Method, string Pattern);

    private sealed record Case(Route Route, string Path, string? Body)
    {
        public override string ToString() => $"{Route.Method} {Path}{(Body is null ? "" : " " + Body)}";
    }

    [Fact]
    public async Task No_route_answers_a_server_error_whatever_it_is_sent()
    {
        var routes = api.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new Route(method, "/" + endpoint.RoutePattern.RawText!.Trim('/'))))
            // The stream never ends by itself; its own tests cover it.
            .Where(route => route.Pattern != "/api/notifications/stream")
            .ToArray();
        Assert.True(routes.Length > 40, $"only {routes.Length} routes found");
        using var client = api.CreateClient(apiKey: ApiServer.AdminKey);
        var summary = new List<string>();
        var sent = 0;

        await AnyCase(routes).SampleAsync(async @case =>
        {
            Interlocked.Increment(ref sent);
            using var request = new HttpRequestMessage(new HttpMethod(@case.Route.Method), @case.Path);
            if (@case.Body is not null)
            {
                request.Content = new StringContent(@case.Body, Encoding.UTF8, "application/json");
            }
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            if ((int)response.StatusCode < 500)
            {
                return;
            }
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var storeAbsent = response.StatusCode == HttpStatusCode.ServiceUnavailable
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && (body.Contains("is unavailable", StringComparison.Ordinal) || body.Contains("is not configured", StringComparison.Ordinal));
            Assert.True(storeAbsent, $"{@case} answered {(int)response.StatusCode}: {body}");
        }, writeLine: summary.Add, iter: Cases, threads: 2);

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} requests over {routes.Length} routes; CsCheck: {string.Join(" ", summary)}");
        Assert.True(sent >= Cases, $"only {sent} cases ran");
    }

    private static Gen<Case> AnyCase(Route[] routes) =>
        Gen.Select(Gen.OneOf(routes), Id, Id, Query, Body, (route, id, targetId, query, body) =>
        {
            var path = route.Pattern
                .Replace("{id:long}", id, StringComparison.Ordinal)
                .Replace("{targetId:long}", targetId, StringComparison.Ordinal)
                .Replace("{documentName}", "v1", StringComparison.Ordinal);
            return new Case(route, path + query, route.Method is "POST" or "PUT" ? body : null);
        });

    /// <summary>Ids as a route may get them: the extremes, small and large ones, none that names anything (so nothing is revoked or changed by chance).</summary>
    private static readonly Gen<string> Id = Gen.OneOf(
        Gen.OneOf("0", "-1", "999999", "9223372036854775807", "-9223372036854775808"),
        Gen.Long[1_000_000, long.MaxValue].Select(value => value.ToString(CultureInfo.InvariantCulture)));

    private static readonly string[] Names =
        ["days", "limit", "asOf", "from", "to", "before", "minutes", "window", "postIds", "postId", "type", "fresh", "ids", "cursor", "x"];

    private static readonly Gen<string> Value = Gen.OneOf(
        // Integers, and the edges of int and long.
        Gen.OneOf("0", "-1", "1", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "99999999999999999999"),
        Gen.Int.Select(value => value.ToString(CultureInfo.InvariantCulture)),
        // Dates and times at and past the calendar's ends, and anywhere between.
        Gen.OneOf("0001-01-01", "0001-01-02T00:00:00Z", "9999-12-31", "9999-12-31T23:59:59Z", "2026-02-30", "1999-12-31", "2100-01-01", "2099-12-31T23:59:59Z"),
        Gen.DateOnly.Select(day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Gen.DateTimeOffset.Select(time => time.ToString("O", CultureInfo.InvariantCulture)),
        // Words the routes know, lists, and text of any kind.
        Gen.OneOf("decay", "1h", "24h", "true", "false", "post_view", "1,2,3", ",,", "1,-5,x", ""),
        Gen.String.Select(text => text));

    private static readonly Gen<string> Query = Gen.Select(Gen.OneOf(Names), Value, (name, value) => (name, value)).Array[0, 4]
        .Select(pairs => pairs.Length == 0 ? "" : "?" + string.Join('&', pairs.Select(pair => $"{pair.name}={Uri.EscapeDataString(pair.value)}")));

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Gen.OneOf("null", "true", "0", "-1", "1e400", "9223372036854775808", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "\"admin\""),
        Gen.Int.Select(value => value.ToString(CultureInfo.InvariantCulture)),
        Value.Select(text => System.Text.Json.JsonSerializer.Serialize(text)));

    private static readonly string[] Fields =
        ["events", "handle", "password", "name", "scope", "role", "authorId", "content", "tags", "displayName", "email", "country", "type", "userId", "postId", "properties", "id", "timestamp"];

    /// <summary>Bodies: JSON objects of known and unknown fields with odd values, an events batch, or no JSON at all.</summary>
    private static readonly Gen<string> Body = Gen.OneOf(
        Gen.Select(Gen.OneOf(Fields), JsonValue, (field, value) => $"\"{field}\":{value}").Array[0, 5]
            .Select(members => "{" + string.Join(',', members) + "}"),
        Gen.Select(Gen.OneOf(Fields), JsonValue, (field, value) => $"\"{field}\":{value}").Array[0, 4]
            .Select(members => "{\"events\":[{" + string.Join(',', members) + "}]}"),
        Gen.OneOf("", "not json", "{", "[1,2]", "{\"events\":null}", "{\"events\":[null]}"),
        Gen.String.Select(text => text));
}
