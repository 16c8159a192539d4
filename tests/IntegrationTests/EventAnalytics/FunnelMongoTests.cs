using System.Net.Http.Json;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// The funnel through the real Api against a real MongoDB (only where PULSE_TEST_MONGODB is set),
/// over the journeys FunnelPipelineMingoTests works out by hand, on day D = yesterday (UTC):
/// post 10 has 5 viewers, 3 of whom liked it and 2 of those commented or shared within 30 minutes.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class FunnelMongoTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

    private readonly MongoTestDatabase? mongo = MongoTestDatabase.CreateIfAvailable();
    private ApiServer? api;

    public async ValueTask InitializeAsync()
    {
        if (mongo is null)
        {
            return;
        }
        api = mongo.CreateApi(postgres);
        await api.InitializeAsync();
        PipelineEvent[] events =
        [
            Event(1, 1, "post_view", 10, 9, 0), Event(2, 1, "post_like", 10, 9, 10), Event(3, 1, "post_comment", 10, 9, 20),
            Event(4, 2, "post_view", 10, 10, 0), Event(5, 2, "post_like", 10, 10, 45), Event(6, 2, "post_share", 10, 10, 50),
            Event(7, 3, "post_like", 10, 11, 0), Event(8, 3, "post_view", 10, 11, 5), Event(9, 3, "post_share", 10, 11, 6),
            Event(10, 4, "post_view", 10, 12, 0), Event(11, 4, "post_like", 10, 12, 5), Event(12, 4, "post_share", 10, 12, 40),
            Event(13, 5, "post_like", 10, 13, 0),
            Event(14, 6, "post_view", 10, -1, 50), Event(15, 6, "post_like", 10, 0, 5),
            Event(16, 8, "post_view", 10, 15, 0), Event(17, 8, "post_like", 10, 15, 0), Event(18, 8, "post_comment", 10, 15, 30),
            Event(19, 1, "post_view", 11, 9, 0), Event(20, 1, "post_like", 11, 9, 1), Event(21, 1, "post_share", 11, 9, 2),
        ];
        await mongo.WriteAsync(events, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
        if (mongo is not null)
        {
            await mongo.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("&postId=10", new long[] { 5, 3, 2 })]
    [InlineData("", new long[] { 6, 4, 3 })]
    public async Task Journeys_reach_each_step_in_order_and_in_time(string post, long[] expected)
    {
        Assert.SkipWhen(api is null, MongoTestDatabase.SkipReason);

        var funnel = await api!.Client.GetFromJsonAsync<FunnelReport>(
            $"/api/analytics/events/funnel?from={Day:yyyy-MM-ddTHH:mm:ssZ}&to={Day.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}{post}", TestContext.Current.CancellationToken);

        Assert.Equal((FunnelSources.EventLog, "users", true), (funnel!.Source, funnel.Unit, funnel.Ordered));
        Assert.Equal(expected, funnel.Steps.Select(step => step.Count));
    }

    private static PipelineEvent Event(int n, long user, string type, long post, int hour, int minute) =>
        new(Guid.Parse($"00000000-0000-7000-8000-0000000000{n:x2}"), type, user, post, null,
            Day.AddHours(hour).AddMinutes(minute), Day.AddDays(1), null, null, null);
}
