using Pulse.Contracts.Events;
using Pulse.Data.Seeding;
using Pulse.LoadGen.Traffic;
using Pulse.UnitTests.Data.Seeding;

namespace Pulse.UnitTests.Traffic;

/// <summary>
/// Traffic over the small seed's users, posts and follows (ids are index + 1), generated once for
/// the tests that only read it: a week of historical batches and a set of whole sessions.
/// </summary>
public sealed class TrafficFixture
{
    public const int Seed = 7;
    public const int SessionCount = 20_000;

    public static readonly DateTimeOffset WeekStart = SmallSeed.Anchor.Date.AddDays(-7).ToUniversalTime();
    public static readonly DateTimeOffset WeekEnd = SmallSeed.Anchor.Date.ToUniversalTime();

    /// <summary>More retries than the default, so their share can be measured within a tight tolerance.</summary>
    public static readonly TrafficOptions Options = new() { RetryShare = 0.1 };

    public TrafficFixture()
    {
        Graph = GraphOf(new SmallSeed().Seed);
        Model = new TrafficModel(Graph, Options, Seed);
        Week = [.. Model.Historical(WeekStart, WeekEnd, eventsPerSecond: 0.5)];
        Sessions = [.. Model.Sessions(WeekEnd, SessionCount, sessionSeed: 11)];
    }

    public SocialGraph Graph { get; }

    public TrafficModel Model { get; }

    public IReadOnlyList<TrafficBatch> Week { get; }

    public IReadOnlyList<List<IngestEvent>> Sessions { get; }

    public IEnumerable<IngestEvent> FirstSends => Week.Where(batch => !batch.IsRetry).SelectMany(batch => batch.Events);

    public static SocialGraph GraphOf(GeneratedSeed seed) => new(
        [.. seed.Users.Select((user, index) => new GraphUser(index + 1, user.Country))],
        [.. seed.Posts.Select((post, index) => new GraphPost(index + 1, post.AuthorIndex + 1, post.CreatedAt))],
        [.. seed.Follows.Select(follow => new GraphFollow(follow.FollowerIndex + 1, follow.FolloweeIndex + 1))]);
}

[CollectionDefinition(nameof(SharedTraffic))]
public sealed class SharedTraffic : ICollectionFixture<TrafficFixture>;
