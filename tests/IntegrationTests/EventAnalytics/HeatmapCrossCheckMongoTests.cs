using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Ingestor.Aggregates;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// The two heatmaps agree: the same events written to a real MongoDB as the event-log sink shapes
/// them, and applied to PostgreSQL by the Ingestor's rollup, give the same cells from
/// <c>/api/analytics/events/heatmap</c> as from the PostgreSQL endpoints (only where
/// PULSE_TEST_MONGODB is set). The events straddle the end of summer time in Europe (10-25) and in
/// the United States (11-01), and several fall in the same UTC hour for the same user.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class HeatmapCrossCheckMongoTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Window = "days=14&asOf=2026-11-02";
    private static readonly DateTimeOffset Start = new(2026, 10, 19, 0, 0, 0, TimeSpan.Zero);

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
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("insert into follows (follower_id, followee_id, created_at) values (2, 1, '2026-10-01Z'), (3, 1, '2026-10-01Z');");

        // Seeded, so a failure can be replayed: 16 days around the window, in bursts within an hour.
        var random = new Random(20261025);
        var events = Enumerable.Range(0, 600).Select(i => new PipelineEvent(
            Guid.CreateVersion7(),
            i % 3 == 0 ? EventTypes.SessionStart : EventTypes.Search,
            UserId: random.Next(1, 5),
            PostId: null,
            TargetUserId: null,
            Timestamp: Start.AddHours(random.Next(0, 16 * 24)).AddMinutes(random.Next(0, 60)).AddSeconds(random.Next(0, 60)),
            ReceivedAt: Start,
            Device: null,
            Geo: null,
            Properties: null)).ToList();

        await mongo.WriteAsync(events, TestContext.Current.CancellationToken);
        await AggregatesRollup.ApplyAsync(api.Database, EventColumns.From(events), TestContext.Current.CancellationToken);
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
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    public async Task The_platforms_heatmap_from_the_event_log_equals_the_one_from_postgresql(string zone)
    {
        Assert.SkipWhen(mongo is null, MongoTestDatabase.SkipReason);

        var fromPostgres = await GetAsync($"/api/analytics/audience-heatmap?{Window}&tz={zone}");
        var fromEvents = await GetAsync($"/api/analytics/events/heatmap?{Window}&tz={zone}");

        AssertSame(fromPostgres, fromEvents);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("Asia/Kolkata")]
    public async Task An_authors_followers_heatmap_from_the_event_log_equals_the_one_from_postgresql(string zone)
    {
        Assert.SkipWhen(mongo is null, MongoTestDatabase.SkipReason);

        var fromPostgres = await GetAsync($"/api/analytics/users/1/audience-heatmap?{Window}&tz={zone}");
        var fromEvents = await GetAsync($"/api/analytics/events/heatmap?{Window}&tz={zone}&authorId=1");

        AssertSame(fromPostgres, fromEvents);
        Assert.True(fromPostgres.Cells.Sum(cell => cell.Events) < (await GetAsync($"/api/analytics/audience-heatmap?{Window}&tz={zone}")).Cells.Sum(cell => cell.Events),
            "the followers' events are fewer than everyone's");
    }

    private static void AssertSame(AudienceHeatmap expected, AudienceHeatmap actual)
    {
        Assert.Equal(expected.Cells, actual.Cells);
        Assert.Equal(expected.Best, actual.Best);
        Assert.Equal((expected.AuthorId, expected.FirstDay, expected.AsOf, expected.TimeZone), (actual.AuthorId, actual.FirstDay, actual.AsOf, actual.TimeZone));
        Assert.NotEmpty(expected.Best);
    }

    private async Task<AudienceHeatmap> GetAsync(string path) =>
        (await api!.Client.GetFromJsonAsync<AudienceHeatmap>(path, TestContext.Current.CancellationToken))!;
}
