namespace Pulse.Contracts.Realtime;

/// <summary>A post's real-time counters, as Redis holds them right now (zeros for a post with no events).</summary>
public sealed record PostCounters(long PostId, long Views, long Likes, long Comments, long Shares);

/// <summary>
/// One row of a trending board. <see cref="Score"/> is weighted engagement: decayed to now for the
/// <c>decay</c> window, summed over the window for <c>1h</c> and <c>24h</c>. Author and excerpt are
/// null when PostgreSQL has no such post.
/// </summary>
public sealed record TrendingPost(int Rank, long PostId, double Score, string? AuthorHandle, string? Excerpt);
