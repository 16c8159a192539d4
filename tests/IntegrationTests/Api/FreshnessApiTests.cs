using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Reports;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// <c>GET /api/freshness</c> over the Api's real Redis: the aggregates' applied watermark is the time
/// of the oldest entry the aggregates group has not acknowledged (entries are added with explicit
/// ids, whose millisecond part is that time), or the inspection time when it is caught up. The
/// Api's clock stands still, so the one-second cache expires only when a test moves it.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class FreshnessApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Group = EventStreamNames.Groups.Aggregates;

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private readonly FakeTimeProvider time = new(Now);
    private ApiServer api = null!;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        api = new ApiServer(postgres, settings: null, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        await api.InitializeAsync();
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Behind_the_watermark_is_the_time_of_the_oldest_entry_the_aggregates_group_has_not_acknowledged()
    {
        await AddAtAsync(Now.AddSeconds(-50), Now.AddSeconds(-42), Now.AddSeconds(-3));
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, "0-0");
        // The event log's group has read nothing: it does not hold the aggregates' watermark back.
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, EventStreamNames.Groups.EventLog, "0-0");
        var delivered = await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 2);
        await Redis.StreamAcknowledgeAsync(EventStreamNames.Key, Group, delivered[0].Id);

        var pending = await GetAsync();

        // The second entry is delivered, not acknowledged: everything before it is applied.
        Assert.Equal((Group, ConsumerGroupState.Running, true), (pending.Group, pending.State, pending.Exists));
        Assert.Equal(Now.AddSeconds(-42), pending.Watermark);
        Assert.Equal(42, pending.BehindSeconds);
        Assert.Equal((10, true, Now), (pending.BehindThresholdSeconds, pending.IsBehind, pending.CheckedAt));

        await Redis.StreamAcknowledgeAsync(EventStreamNames.Key, Group, delivered[1].Id);
        time.Advance(TimeSpan.FromSeconds(1));
        var undelivered = await GetAsync();

        // Only the third entry is left, not yet delivered: 4 s behind, under the 10 s threshold.
        Assert.Equal(Now.AddSeconds(-3), undelivered.Watermark);
        Assert.Equal((4.0, false), (undelivered.BehindSeconds, undelivered.IsBehind));
    }

    [Fact]
    public async Task Caught_up_the_watermark_is_the_inspection_time()
    {
        await AddAtAsync(Now.AddSeconds(-30), Now.AddSeconds(-20));
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, "0-0");
        var delivered = await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 10);
        await Redis.StreamAcknowledgeAsync(EventStreamNames.Key, Group, [.. delivered.Select(entry => entry.Id)]);
        time.Advance(TimeSpan.FromSeconds(5));

        var freshness = await GetAsync();

        Assert.Equal((true, Now.AddSeconds(5), Now.AddSeconds(5)), (freshness.Exists, freshness.Watermark, freshness.CheckedAt));
        Assert.Equal((0.0, false), (freshness.BehindSeconds, freshness.IsBehind));
    }

    [Fact]
    public async Task One_inspection_answers_for_a_second_then_the_stream_is_inspected_again()
    {
        await AddAtAsync(Now.AddSeconds(-20));
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, "0-0");
        var first = await GetAsync();
        var delivered = await Redis.StreamReadGroupAsync(EventStreamNames.Key, Group, "replica-1", StreamPosition.NewMessages, 10);
        await Redis.StreamAcknowledgeAsync(EventStreamNames.Key, Group, delivered[0].Id);

        time.Advance(TimeSpan.FromMilliseconds(900));
        var cached = await GetAsync();
        time.Advance(TimeSpan.FromMilliseconds(100));
        var inspected = await GetAsync();

        Assert.Equal(Now.AddSeconds(-20), first.Watermark);
        Assert.Equal(first, cached);
        Assert.Equal((Now.AddSeconds(1), 0.0), (inspected.Watermark, inspected.BehindSeconds));
    }

    [Fact]
    public async Task A_missing_a_paused_and_a_retired_group_each_say_so()
    {
        await AddAtAsync(Now.AddSeconds(-15));

        var missing = await GetAsync();
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, "0-0");
        await DecideAsync("pause");
        time.Advance(TimeSpan.FromSeconds(1));
        var paused = await GetAsync();
        await DecideAsync("retire");
        time.Advance(TimeSpan.FromSeconds(1));
        var retired = await GetAsync();

        Assert.Equal((ConsumerGroupState.Running, false, null, null), (missing.State, missing.Exists, missing.Watermark, missing.BehindSeconds));
        Assert.False(missing.IsBehind);
        // A paused group's entries wait: its watermark stays where it stopped while time goes on.
        Assert.Equal((ConsumerGroupState.Paused, true, Now.AddSeconds(-15), 16.0, true), (paused.State, paused.Exists, paused.Watermark, paused.BehindSeconds, paused.IsBehind));
        Assert.Equal((ConsumerGroupState.Retired, false, null), (retired.State, retired.Exists, retired.Watermark));
    }

    [Fact]
    public async Task The_overview_report_carries_the_watermark_read_before_its_postgresql_parts()
    {
        await AddAtAsync(Now.AddSeconds(-42));
        await Redis.StreamCreateConsumerGroupAsync(EventStreamNames.Key, Group, "0-0");

        var report = await api.Client.GetFromJsonAsync<OverviewReport>("/api/reports/overview?days=1", TestContext.Current.CancellationToken);

        Assert.Equal((Now.AddSeconds(-42), 42.0, true), (report!.Aggregates?.Watermark, report.Aggregates?.BehindSeconds, report.Aggregates?.IsBehind));
    }

    private async Task<AggregatesFreshness> GetAsync() =>
        (await api.Client.GetFromJsonAsync<AggregatesFreshness>("/api/freshness", TestContext.Current.CancellationToken))!;

    private async Task DecideAsync(string decision)
    {
        using var response = await api.Client.PostAsJsonAsync($"/api/admin/pipeline/groups/{Group}/{decision}", new GroupDecisionRequest("test"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Adds one entry per time, with the id Redis would have given it then (<c>XADD key ms-0</c>).</summary>
    private async Task AddAtAsync(params DateTimeOffset[] times)
    {
        foreach (var at in times)
        {
            var id = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0";
            await Redis.StreamAddAsync(EventStreamNames.Key, EventStreamNames.PayloadField, "{}", messageId: id);
        }
    }
}
