using Pulse.Contracts.Realtime;

namespace Pulse.Web.Components.Trending;

/// <summary>How a post moved since the list was last shown.</summary>
public enum RowMovement
{
    Same,
    Up,
    Down,
    New,
}

/// <summary>One row of the live trending list: the post, its counters (when they could be read) and its move.</summary>
public sealed record TrendingRow(TrendingPost Post, PostCounters? Counters, RowMovement Movement, int? PreviousRank);

public static class TrendingBoard
{
    /// <summary>
    /// The rows for <paramref name="posts"/>, each marked with how it moved against
    /// <paramref name="previous"/> (the first list marks nothing as moved).
    /// </summary>
    public static IReadOnlyList<TrendingRow> Compare(IReadOnlyList<TrendingRow>? previous, IReadOnlyList<TrendingPost> posts, IReadOnlyList<PostCounters>? counters)
    {
        var earlierRanks = previous?.ToDictionary(row => row.Post.PostId, row => row.Post.Rank);
        var countersById = counters?.ToDictionary(counter => counter.PostId);
        return
        [
            .. posts.Select(post =>
            {
                int? before = earlierRanks is not null && earlierRanks.TryGetValue(post.PostId, out var rank) ? rank : null;
                var movement = earlierRanks is null ? RowMovement.Same
                    : before is null ? RowMovement.New
                    : post.Rank < before ? RowMovement.Up
                    : post.Rank > before ? RowMovement.Down
                    : RowMovement.Same;
                return new TrendingRow(post, countersById?.GetValueOrDefault(post.PostId), movement, before);
            }),
        ];
    }
}
