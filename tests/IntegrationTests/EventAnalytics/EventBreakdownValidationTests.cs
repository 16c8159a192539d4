using System.Net;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// The breakdown endpoint's input checks through the real Api without MongoDB: each mistake is a
/// 400 validation problem naming its parameter, before the event store is asked (which would be 503).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EventBreakdownValidationTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Path = "/api/analytics/events/breakdown";

    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Theory]
    [InlineData("then=deviceType", "by", "Required")]
    [InlineData("by=country", "then", "Required")]
    [InlineData("by=city&then=deviceType", "by", "Unknown property")]
    [InlineData("by=country&then=DeviceType", "then", "Unknown property")]
    [InlineData("by=country&then=country", "then", "Must differ")]
    [InlineData("by=country&then=deviceType&country=DE", "country", "groups by it")]
    [InlineData("by=os&then=type&type=post_view", "type", "groups by it")]
    [InlineData("by=country&then=deviceType&limit=0", "limit", "between 1 and 100")]
    [InlineData("by=country&then=deviceType&limit=101", "limit", "between 1 and 100")]
    [InlineData("by=country&then=deviceType&type=post_poke", "type", "Unknown type")]
    [InlineData("by=country&then=deviceType&postId=0", "postId", "positive")]
    [InlineData("by=country&then=deviceType&from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z", "from", "earlier")]
    public async Task A_mistake_is_400_on_its_parameter(string query, string field, string saying)
    {
        using var response = await api.Client.GetAsync($"{Path}?{query}", TestContext.Current.CancellationToken);

        var messages = await response.AssertInvalidFieldAsync(field);
        Assert.Contains(saying, Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_property_is_answered_with_the_known_ones()
    {
        using var response = await api.Client.GetAsync($"{Path}?by=city&then=deviceType", TestContext.Current.CancellationToken);

        var messages = await response.AssertInvalidFieldAsync("by");
        Assert.EndsWith("one of: deviceType, os, browser, country, type.", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_described_in_openapi_with_its_query_parameters_by_their_wire_names()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var operation = document.RootElement.GetProperty("paths").GetProperty(Path).GetProperty("get");
        Assert.Equal("GetEventBreakdown", operation.GetProperty("operationId").GetString());
        Assert.Equal(
            ["browser", "by", "country", "deviceType", "from", "limit", "os", "postId", "then", "to", "type"],
            operation.GetProperty("parameters").EnumerateArray().Select(parameter => parameter.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filters_on_the_properties_not_grouped_and_the_widest_limit_reach_the_store_check()
    {
        using var response = await api.Client.GetAsync(
            $"{Path}?by=country&then=deviceType&os=iOS&browser=Safari&type=post_view&postId=7&limit=100", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
    }
}
