using System.Net.Http.Json;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// Every event-analytics endpoint through the real Api against a real MongoDB (only where
/// PULSE_TEST_MONGODB is set), over events written by the Ingestor's sink and answers worked out
/// by hand. Day D is yesterday (UTC), so the TTL monitor never removes the fixture mid-test.
///
///  #  user  type          post  target  time (D+)  device           country
///  1  1     post_view     10            09:00      mobile / iOS     US
///  2  1     post_like     10            09:30      mobile / iOS     US
///  3  2     post_view     10            10:00      desktop/Windows  GB
///  4  2     post_view     11            10:15      desktop/Windows  GB
///  5  3     post_view     10            23:00      mobile / Android -
///  6  3     session_start               23:00      -                US
///  7  1     profile_view        2       09:45      mobile / iOS     US
///  8  1     search                      09:30      -                -
///  9  1     post_view     10            D-1 23:00  mobile / iOS     US   (before the range)
/// Event ids end in their number, so at equal times #8 sorts above #2 (newest first).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EventAnalyticsMongoTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

    private readonly MongoTestDatabase? mongo = MongoTestDatabase.CreateIfAvailable();
    private ApiServer? api;

    private static string Range => $"from={Day:yyyy-MM-ddTHH:mm:ssZ}&to={Day.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}";

    public async ValueTask InitializeAsync()
    {
        if (mongo is null)
        {
            return;
        }
        api = mongo.CreateApi(postgres);
        await api.InitializeAsync();

        var mobile = new EventDevice("mobile", "iOS", "Safari");
        var desktop = new EventDevice("desktop", "Windows", "Edge");
        PipelineEvent[] events =
        [
            Event(1, 1, "post_view", 10, null, 9, 0, mobile, "US"),
            Event(2, 1, "post_like", 10, null, 9, 30, mobile, "US"),
            Event(3, 2, "post_view", 10, null, 10, 0, desktop, "GB"),
            Event(4, 2, "post_view", 11, null, 10, 15, desktop, "GB"),
            Event(5, 3, "post_view", 10, null, 23, 0, new EventDevice("mobile", "Android", null), null),
            Event(6, 3, "session_start", null, null, 23, 0, null, "US"),
            Event(7, 1, "profile_view", null, 2, 9, 45, mobile, "US"),
            Event(8, 1, "search", null, null, 9, 30, null, null),
            Event(9, 1, "post_view", 10, null, -1, 0, mobile, "US"),
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

    [Fact]
    public async Task Devices_count_events_and_distinct_users_per_device_type_and_os()
    {
        var report = await GetAsync<EventReport<DeviceActivity>>($"/api/analytics/events/devices?{Range}");

        // Ties in events break on the group key, and BSON orders null before any string.

        Assert.Equal((Day, Day.AddDays(1)), (report.From, report.To));
        Assert.Equal(
            [("mobile", "iOS", 3L, 1L), (null, null, 2L, 2L), ("desktop", "Windows", 2L, 1L), ("mobile", "Android", 1L, 1L)],
            report.Rows.Select(row => (row.DeviceType, row.Os, row.Events, row.Users)));
    }

    [Fact]
    public async Task Devices_for_one_type()
    {
        var report = await GetAsync<EventReport<DeviceActivity>>($"/api/analytics/events/devices?{Range}&type=post_view");

        Assert.Equal(
            [("desktop", "Windows", 2L, 1L), ("mobile", "Android", 1L, 1L), ("mobile", "iOS", 1L, 1L)],
            report.Rows.Select(row => (row.DeviceType, row.Os, row.Events, row.Users)));
    }

    [Fact]
    public async Task Countries_count_events_and_distinct_users()
    {
        var report = await GetAsync<EventReport<CountryActivity>>($"/api/analytics/events/countries?{Range}");

        Assert.Equal(
            [("US", 4L, 2L), (null, 2L, 2L), ("GB", 2L, 1L)],
            report.Rows.Select(row => (row.Country, row.Events, row.Users)));
    }

    [Fact]
    public async Task Hours_cover_the_whole_day_in_utc()
    {
        var report = await GetAsync<EventReport<HourlyActivity>>($"/api/analytics/events/hours?{Range}");

        Assert.Equal(Enumerable.Range(0, 24), report.Rows.Select(row => row.Hour));
        Assert.Equal(
            [(9, 4L, 1L), (10, 2L, 1L), (23, 2L, 1L)],
            report.Rows.Where(row => row.Events > 0).Select(row => (row.Hour, row.Events, row.Users)));
    }

    [Fact]
    public async Task Type_mix_for_one_post()
    {
        var report = await GetAsync<EventReport<EventTypeShare>>($"/api/analytics/events/types?{Range}&postId=10");

        Assert.Equal(10, report.PostId);
        Assert.Equal(
            [("post_view", 3L, 3L, 0.75), ("post_like", 1L, 1L, 0.25)],
            report.Rows.Select(row => (row.Type, row.Events, row.Users, row.Share)));
    }

    [Fact]
    public async Task Type_mix_over_all_events()
    {
        var report = await GetAsync<EventReport<EventTypeShare>>($"/api/analytics/events/types?{Range}");

        Assert.Equal(8, report.Rows.Sum(row => row.Events));
        Assert.Equal((4L, 3L, 0.5), report.Rows.Where(row => row.Type == "post_view").Select(row => (row.Events, row.Users, row.Share)).Single());
        Assert.Equal(["post_like", "profile_view", "search", "session_start"], report.Rows.Skip(1).Select(row => row.Type).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Breakdown_by_country_then_device_type_with_the_rest_as_other()
    {
        var report = await GetAsync<EventBreakdownReport>($"/api/analytics/events/breakdown?{Range}&by=country&then=deviceType&limit=2");

        // Cells: (US, mobile) #1 #2 #7; (GB, desktop) #3 #4; then one event each: (null, null) #8, (null, mobile) #5, (US, null) #6.
        Assert.Equal((BreakdownProperty.Country, BreakdownProperty.DeviceType, 2), (report.By, report.Then, report.Limit));
        Assert.Equal(
            [("US", "mobile", 3L, 1L), ("GB", "desktop", 2L, 1L)],
            report.Cells.Select(cell => (cell.First, cell.Second, cell.Events, cell.Users)));
        // Users 1 (#8) and 3 (#5, #6): two, though the three cells hold one each.
        Assert.Equal(new BreakdownOther(Cells: 3, Events: 3, Users: 2), report.Other);
    }

    [Fact]
    public async Task Timeline_pages_newest_first_through_equal_times()
    {
        var first = await GetAsync<EventTimelinePage>("/api/analytics/events/users/1/timeline?limit=2");
        var second = await GetAsync<EventTimelinePage>($"/api/analytics/events/users/1/timeline?limit=2&before={first.NextCursor}");
        var third = await GetAsync<EventTimelinePage>($"/api/analytics/events/users/1/timeline?limit=2&before={second.NextCursor}");

        Assert.Equal([7, 8], first.Events.Select(Number));
        Assert.Equal([2, 1], second.Events.Select(Number));
        Assert.Equal([9], third.Events.Select(Number));
        Assert.Null(third.NextCursor);

        var seventh = first.Events[0];
        Assert.Equal(("profile_view", (long?)2, Day.AddHours(9).AddMinutes(45)), (seventh.Type, seventh.TargetUserId, seventh.Timestamp));
        Assert.Equal(new EventDevice("mobile", "iOS", "Safari"), seventh.Device);
        Assert.Equal(7, seventh.Properties!.Value.GetProperty("n").GetInt32());
    }

    private async Task<T> GetAsync<T>(string path)
    {
        Assert.SkipWhen(api is null, MongoTestDatabase.SkipReason);
        return (await api!.Client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken))!;
    }

    private static int Number(TimelineEvent @event) => @event.Id.ToByteArray(bigEndian: true)[^1];

    private static PipelineEvent Event(int n, long user, string type, long? post, long? target, int hour, int minute, EventDevice? device, string? country) =>
        new(
            Guid.Parse($"00000000-0000-7000-8000-0000000000{n:x2}"),
            type, user, post, target,
            Day.AddHours(hour).AddMinutes(minute),
            Day.AddDays(1),
            device,
            country is null ? null : new EventGeo(country, null),
            System.Text.Json.JsonDocument.Parse($$"""{ "n": {{n}} }""").RootElement);
}
