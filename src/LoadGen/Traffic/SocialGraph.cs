using Pulse.Contracts.Validation;

namespace Pulse.LoadGen.Traffic;

public readonly record struct GraphUser(long Id, string? Country);

public readonly record struct GraphPost(long Id, long AuthorId, DateTimeOffset CreatedAt);

public readonly record struct GraphFollow(long FollowerId, long FolloweeId);

/// <summary>
/// The users, posts and follows traffic is generated over (all of them or a sample). Users are
/// addressed by index; posts whose author and follows whose ends are outside the sample are left
/// out, so every generated event refers to something that exists.
/// </summary>
public sealed class SocialGraph
{
    private readonly long[] userIds;
    private readonly string?[] countries;
    private readonly long[] postIds;
    private readonly int[] postAuthors;
    private readonly DateTimeOffset[] postsCreatedAt;
    // Compressed rows: user i follows followees[offsets[i]..offsets[i + 1]], sorted.
    private readonly int[] offsets;
    private readonly int[] followees;

    public SocialGraph(IReadOnlyList<GraphUser> users, IReadOnlyList<GraphPost> posts, IReadOnlyList<GraphFollow> follows)
    {
        userIds = [.. users.Select(user => user.Id)];
        countries = [.. users.Select(user => IsoCountries.IsAssigned(user.Country?.Trim()) ? user.Country!.Trim() : null)];
        var index = new Dictionary<long, int>(userIds.Length);
        for (var i = 0; i < userIds.Length; i++)
        {
            if (!index.TryAdd(userIds[i], i))
            {
                throw new ArgumentException($"User {userIds[i]} appears twice.", nameof(users));
            }
        }

        var kept = posts.Where(post => index.ContainsKey(post.AuthorId)).ToArray();
        postIds = [.. kept.Select(post => post.Id)];
        postAuthors = [.. kept.Select(post => index[post.AuthorId])];
        postsCreatedAt = [.. kept.Select(post => post.CreatedAt)];
        LastPublishedAt = postsCreatedAt.Length == 0 ? DateTimeOffset.MinValue : postsCreatedAt.Max();

        var edges = follows
            .Where(follow => follow.FollowerId != follow.FolloweeId && index.ContainsKey(follow.FollowerId) && index.ContainsKey(follow.FolloweeId))
            .Select(follow => (Follower: index[follow.FollowerId], Followee: index[follow.FolloweeId]))
            .Distinct()
            .OrderBy(edge => edge.Follower).ThenBy(edge => edge.Followee)
            .ToArray();
        offsets = new int[userIds.Length + 1];
        foreach (var edge in edges)
        {
            offsets[edge.Follower + 1]++;
        }
        for (var i = 0; i < userIds.Length; i++)
        {
            offsets[i + 1] += offsets[i];
        }
        followees = [.. edges.Select(edge => edge.Followee)];
    }

    public int UserCount => userIds.Length;

    public int PostCount => postIds.Length;

    /// <summary>When the newest post was published: from then on every post can be seen.</summary>
    public DateTimeOffset LastPublishedAt { get; }

    public int FollowCount => followees.Length;

    public long UserId(int user) => userIds[user];

    /// <summary>The user's ISO country, or null when it is unknown.</summary>
    public string? Country(int user) => countries[user];

    public long PostId(int post) => postIds[post];

    /// <summary>The index of the post's author.</summary>
    public int AuthorOf(int post) => postAuthors[post];

    /// <summary>When the post was published: nobody sees it before.</summary>
    public DateTimeOffset PostCreatedAt(int post) => postsCreatedAt[post];

    public ReadOnlySpan<int> Following(int user) => followees.AsSpan(offsets[user], offsets[user + 1] - offsets[user]);

    public bool IsFollowing(int follower, int followee) => Following(follower).BinarySearch(followee) >= 0;
}
