using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pulse.Api.Analytics;
using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.ServiceDefaults.Retention;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>The real-time services over a real Redis (emptied first), on a fake clock the test moves.</summary>
public sealed class RealtimeRedis
{
    /// <summary>12:30 UTC, half way through an hour bucket.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 30, 0, TimeSpan.Zero);

    private int nextId;

    private RealtimeRedis(RedisServer redis, RealtimeOptions options, RetentionOptions? retention)
    {
        Options = options;
        Connection = redis.Connection;
        var realtime = Microsoft.Extensions.Options.Options.Create(options);
        Recorder = new EventRecorder(redis.Connection, realtime, Microsoft.Extensions.Options.Options.Create(new EngagementOptions()),
            Microsoft.Extensions.Options.Options.Create(retention ?? new RetentionOptions()), Time);
        Board = new TrendingBoard(redis.Connection, realtime, Time);
        Counters = new PostCounterReader(redis.Connection);
    }

    public static async Task<RealtimeRedis> StartAsync(RedisServer redis, RealtimeOptions? options = null, RetentionOptions? retention = null)
    {
        await redis.FlushAsync();
        return new RealtimeRedis(redis, options ?? new RealtimeOptions(), retention);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public RealtimeOptions Options { get; }

    public IConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    public EventRecorder Recorder { get; }

    public TrendingBoard Board { get; }

    public PostCounterReader Counters { get; }

    /// <summary>
    /// An event with a fresh id, happening now unless <paramref name="at"/> says otherwise, by
    /// <paramref name="userId"/> or else by a user no other event has.
    /// </summary>
    public RealtimeEvent Event(string type, long? postId, DateTimeOffset? at = null, string? id = null, long? userId = null)
    {
        var next = Interlocked.Increment(ref nextId);
        id ??= $"event-{next}";
        return new RealtimeEvent(id, type, postId, at ?? Time.GetUtcNow(),
            $$"""{"id":"{{id}}","type":"{{type}}","postId":{{(postId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null")}}}""", userId ?? 1_000_000 + next);
    }

    public Task<IReadOnlyList<EventOutcome>> RecordAsync(params RealtimeEvent[] events) =>
        Recorder.RecordAsync(events, TestContext.Current.CancellationToken);

    public async Task<Pulse.Contracts.Realtime.PostCounters> CountersOfAsync(long postId) =>
        (await Counters.ReadAsync([postId], TestContext.Current.CancellationToken))[0];

    public Task<IReadOnlyList<TrendingScore>> TopAsync(TrendingWindow window, int limit = 10) =>
        Board.TopAsync(window, limit, TestContext.Current.CancellationToken);

    public async Task<string[]> StreamedIdsAsync()
    {
        var entries = await Database.StreamRangeAsync(EventStreamNames.Key);
        return [.. entries.Select(entry => System.Text.Json.JsonDocument.Parse((string)entry[EventStreamNames.PayloadField]!).RootElement.GetProperty("id").GetString()!)];
    }
}
