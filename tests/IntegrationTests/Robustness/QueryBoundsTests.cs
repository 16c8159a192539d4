using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Robustness;

/// <summary>The edge inputs that answered 500: dates are checked against their bounds before any arithmetic, cursors before decoding.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class QueryBoundsTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Theory]
    [InlineData("/api/analytics/daily?asOf=0001-01-01&days=2", "asOf")]
    [InlineData("/api/analytics/posts/top?asOf=9999-12-31", "asOf")]
    [InlineData("/api/analytics/events/types?to=0001-01-02T00:00:00Z", "to")]
    [InlineData("/api/analytics/events/devices?from=9999-12-31T23:59:59Z", "from")]
    [InlineData("/api/analytics/events/countries?from=1999-12-31T23:59:59Z&to=2000-01-02T00:00:00Z", "from")]
    public async Task A_date_outside_2000_to_2100_is_a_400_naming_it(string path, string field)
    {
        using var response = await api.Client.GetAsync(path, TestContext.Current.CancellationToken);

        var messages = await response.AssertInvalidFieldAsync(field);
        Assert.Contains("2000-01-01", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_that_is_not_base64url_is_a_400()
    {
        using var response = await api.Client.GetAsync("/api/users/1/posts?before=not%20a%20cursor", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("before");
    }
}
