namespace Pulse.Contracts.Realtime;

/// <summary>The kinds of event Pulse records (the <c>type</c> of an event).</summary>
public static class EventTypes
{
    public const string SessionStart = "session_start";
    public const string SessionEnd = "session_end";
    public const string PostView = "post_view";
    public const string PostLike = "post_like";
    public const string PostUnlike = "post_unlike";
    public const string PostShare = "post_share";
    public const string PostComment = "post_comment";
    public const string UserFollow = "user_follow";
    public const string UserUnfollow = "user_unfollow";
    public const string ProfileView = "profile_view";
    public const string Search = "search";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SessionStart, SessionEnd, PostView, PostLike, PostUnlike, PostShare, PostComment, UserFollow, UserUnfollow, ProfileView, Search,
    };

    /// <summary>The types that change a post's real-time counters (and, except an unlike, its trending score).</summary>
    public static readonly IReadOnlySet<string> OnPosts = new HashSet<string>(StringComparer.Ordinal)
    {
        PostView, PostLike, PostUnlike, PostShare, PostComment,
    };
}
