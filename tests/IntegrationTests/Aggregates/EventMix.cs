using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>Random events over given users and posts, spread over several UTC days (midnights included).</summary>
public sealed class EventMix(int seed, IReadOnlyList<long> users, IReadOnlyList<long> posts)
{
    public static readonly DateTimeOffset FirstDay = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Type, int Weight)[] AllTypes =
    [
        (EventTypes.PostView, 40), (EventTypes.PostLike, 14), (EventTypes.PostUnlike, 6), (EventTypes.PostComment, 8),
        (EventTypes.PostShare, 5), (EventTypes.UserFollow, 5), (EventTypes.UserUnfollow, 2), (EventTypes.SessionStart, 8),
        (EventTypes.SessionEnd, 5), (EventTypes.ProfileView, 4), (EventTypes.Search, 3),
    ];

    private readonly Random random = new(seed);

    public int Days { get; init; } = 4;

    /// <summary>Leaves unlikes out, for runs whose order of application is not fixed (the floor makes order matter).</summary>
    public bool WithUnlikes { get; init; } = true;

    public List<PipelineEvent> Next(int count)
    {
        var types = AllTypes.Where(type => WithUnlikes || type.Type != EventTypes.PostUnlike).ToArray();
        var totalWeight = types.Sum(type => type.Weight);
        var events = new List<PipelineEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var type = Pick(types, random.Next(totalWeight));
            var user = users[random.Next(users.Count)];
            var shape = EventRules.Shapes[type];
            var post = shape == EventShape.OnPost ? posts[random.Next(posts.Count)] : (long?)null;
            var target = shape == EventShape.OnUser ? users[random.Next(users.Count)] : (long?)null;
            // Some events sit within a second of midnight, on either side.
            var offset = random.Next(10) == 0
                ? TimeSpan.FromDays(random.Next(1, Days)) + TimeSpan.FromMilliseconds(random.Next(-1_000, 1_000))
                : TimeSpan.FromDays(random.Next(Days)) + TimeSpan.FromMilliseconds(random.NextInt64((long)TimeSpan.FromDays(1).TotalMilliseconds));
            var at = FirstDay + offset;
            events.Add(new PipelineEvent(Guid.CreateVersion7(at), type, user, post, target, at, at, null, null, null));
        }
        return events;
    }

    private static string Pick((string Type, int Weight)[] types, int draw)
    {
        foreach (var (type, weight) in types)
        {
            if (draw < weight)
            {
                return type;
            }
            draw -= weight;
        }
        throw new InvalidOperationException("The draw exceeded the total weight.");
    }
}
