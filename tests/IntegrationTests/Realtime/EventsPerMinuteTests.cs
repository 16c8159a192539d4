using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>The event script's per-minute count of accepted events, against a real Redis on a fake clock.</summary>
public sealed class EventsPerMinuteTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static string MinuteKey(DateTimeOffset at) => RedisKeys.EventsPerMinute(RedisKeys.DefaultPartition, EventMinutes.UnixMinute(at));

    [Fact]
    public async Task Accepted_events_count_in_the_minute_the_Api_accepted_them_and_duplicates_do_not()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var minute = realtime.Time.GetUtcNow();
        var view = realtime.Event(EventTypes.PostView, 1, id: "view");

        // Three accepted (one of them happened two hours ago), one resent id in the same batch.
        await realtime.RecordAsync(view, realtime.Event(EventTypes.Search, null), view, realtime.Event(EventTypes.PostLike, 1, at: minute.AddHours(-2)));
        await realtime.RecordAsync(view, realtime.Event(EventTypes.SessionStart, null));
        realtime.Time.Advance(TimeSpan.FromMinutes(1));
        await realtime.RecordAsync(realtime.Event(EventTypes.PostShare, 1));

        Assert.Equal(4, (long)await realtime.Database.StringGetAsync(MinuteKey(minute)));
        Assert.Equal(1, (long)await realtime.Database.StringGetAsync(MinuteKey(minute.AddMinutes(1))));
        Assert.False(await realtime.Database.KeyExistsAsync(MinuteKey(minute.AddHours(-2))));
    }

    [Fact]
    public async Task A_batch_of_duplicates_only_writes_no_count()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var view = realtime.Event(EventTypes.PostView, 1);
        await realtime.RecordAsync(view);

        realtime.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([EventOutcome.Duplicate], await realtime.RecordAsync(view));

        Assert.False(await realtime.Database.KeyExistsAsync(MinuteKey(realtime.Time.GetUtcNow())));
    }

    [Fact]
    public async Task A_minute_s_count_expires_a_day_and_an_hour_after_its_last_batch()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);

        await realtime.RecordAsync(realtime.Event(EventTypes.Search, null));

        var ttl = await realtime.Database.KeyTimeToLiveAsync(MinuteKey(realtime.Time.GetUtcNow()));
        Assert.NotNull(ttl);
        var retention = new Pulse.ServiceDefaults.Retention.RetentionOptions().MinuteCounts;
        Assert.InRange(ttl.Value, retention - TimeSpan.FromMinutes(1), retention);
    }

    [Fact]
    public async Task The_reader_lists_each_minute_oldest_first_with_zeros_and_sums_the_last_day()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var reader = new EventActivityReader(realtime.Connection, realtime.Time);
        var start = realtime.Time.GetUtcNow().AddMinutes(EventMinutes.PerDay + 1);
        // A day and a minute before the read (out of its day), a day less a minute before (in it), then 2 minutes before and at the read.
        await realtime.RecordAsync(realtime.Event(EventTypes.Search, null));
        realtime.Time.Advance(TimeSpan.FromMinutes(2));
        await realtime.RecordAsync(realtime.Event(EventTypes.Search, null), realtime.Event(EventTypes.Search, null));
        realtime.Time.SetUtcNow(start.AddMinutes(-2));
        await realtime.RecordAsync(realtime.Event(EventTypes.PostView, 3), realtime.Event(EventTypes.PostView, 3), realtime.Event(EventTypes.PostLike, 3));
        realtime.Time.SetUtcNow(start);
        await realtime.RecordAsync(realtime.Event(EventTypes.PostShare, 3));

        var activity = await reader.ReadAsync(3, TestContext.Current.CancellationToken);

        var minute = EventMinutes.Start(EventMinutes.UnixMinute(start));
        Assert.Equal([(minute.AddMinutes(-2), 3L), (minute.AddMinutes(-1), 0L), (minute, 1L)], activity.Minutes.Select(m => (m.Minute, m.Events)));
        Assert.Equal(2 + 3 + 1, activity.EventsLast24Hours);
        Assert.Equal(start, activity.CheckedAt);
        Assert.Equal(EventMinutes.PerDay, (await reader.ReadAsync(EventMinutes.PerDay, TestContext.Current.CancellationToken)).Minutes.Count);
    }
}
