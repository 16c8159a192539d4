using System.Collections.Concurrent;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Ingestor.Streams;
using Pulse.IntegrationTests.Ingestor;
using Pulse.Pipeline;
using Pulse.Pipeline.Privacy;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>A consumer on a real Redis stores a batch as the marks of users taken out say, whatever the stream still holds.</summary>
public sealed class ErasedUsersInBatchesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const long Erased = 7;
    private const long Anonymised = 8;
    private const long Pseudonym = -88;
    private const long Other = 9;

    private readonly StreamTestKit kit = new(redis.Connection);

    [Fact]
    public async Task A_batch_drops_an_erased_users_events_acknowledging_them_and_rewrites_the_rest_that_name_a_marked_user()
    {
        await ErasedUsers.MarkAsync(kit.Database, Erased, ErasedUser.Erased);
        await ErasedUsers.MarkAsync(kit.Database, Anonymised, ErasedUser.AnonymisedAs(Pseudonym));
        PipelineEvent[] events =
        [
            Event(Erased, null),
            Event(Other, Erased),
            Event(Anonymised, Other),
            Event(Other, Anonymised),
            Event(Other, Other + 1),
        ];
        foreach (var @event in events)
        {
            await kit.AddRawAsync(PipelineJson.Serialize(@event));
        }
        var sink = new EventsSink(EventStreamNames.Groups.Aggregates);

        await StreamTestKit.RunUntilAsync(kit.Consumer(sink), async () => sink.Stored.Count == 4 && await kit.AllAcknowledgedAsync(sink.Group), "the batch to be stored");

        Assert.Equal(
            [
                events[1] with { TargetUserId = null },
                events[2] with { UserId = Pseudonym },
                events[3] with { TargetUserId = Pseudonym },
                events[4],
            ],
            sink.Stored);
        Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
    }

    private static PipelineEvent Event(long userId, long? targetUserId) =>
        new(Guid.CreateVersion7(), targetUserId is null ? EventTypes.SessionStart : EventTypes.UserFollow, userId, null, targetUserId,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);

    /// <summary>Keeps the events as the sink received them.</summary>
    private sealed class EventsSink(string group) : IEventBatchSink
    {
        public string Group => group;

        public ConcurrentQueue<PipelineEvent> Stored { get; } = new();

        public Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
        {
            foreach (var @event in events)
            {
                Stored.Enqueue(@event);
            }
            return Task.CompletedTask;
        }

        public bool IsTransient(Exception exception) => false;

        public bool IsUnstorable(Exception exception) => false;

        public bool IsEntryFault(Exception exception) => false;
    }

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => kit.DisposeAsync();
}
