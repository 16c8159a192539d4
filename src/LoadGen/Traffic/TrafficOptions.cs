namespace Pulse.LoadGen.Traffic;

/// <summary>
/// The traffic model's knobs. The defaults are orders of magnitude seen on public social networks:
/// a handful of views per session, a few percent of views liked, far fewer commented or shared.
/// </summary>
public sealed record TrafficOptions
{
    /// <summary>Post popularity: the post at rank r is viewed with weight r^-exponent.</summary>
    public double ZipfExponent { get; init; } = 1.1;

    /// <summary>Mean post views per session (at least 1; the rest is log-normal).</summary>
    public double ViewsPerSession { get; init; } = 8;

    /// <summary>Chance that the first view of a post in a session is followed by a like.</summary>
    public double LikeProbability { get; init; } = 0.08;

    /// <summary>Chance that the first view of a post in a session is followed by a comment.</summary>
    public double CommentProbability { get; init; } = 0.02;

    /// <summary>Chance that the first view of a post in a session is followed by a share.</summary>
    public double ShareProbability { get; init; } = 0.01;

    /// <summary>Chance that a like is taken back later in the same session.</summary>
    public double UnlikeProbability { get; init; } = 0.05;

    /// <summary>Chance that the first view of someone else's post leads to its author's profile.</summary>
    public double ProfileViewProbability { get; init; } = 0.05;

    /// <summary>Chance that a profile view of someone not yet followed ends in a follow.</summary>
    public double FollowAfterProfileViewProbability { get; init; } = 0.15;

    /// <summary>Chance that a session follows a friend of a friend ("people you may know").</summary>
    public double FriendOfFriendFollowProbability { get; init; } = 0.05;

    /// <summary>Chance that a session unfollows one of the accounts its user follows.</summary>
    public double UnfollowProbability { get; init; } = 0.02;

    /// <summary>Mean searches per session (Poisson).</summary>
    public double SearchesPerSession { get; init; } = 0.6;

    /// <summary>Mean seconds between a user's actions in a session (log-normal, capped at ten minutes).</summary>
    public double MeanDwellSeconds { get; init; } = 15;

    /// <summary>Share of batches a client resends, whole or in part, with the same event ids.</summary>
    public double RetryShare { get; init; } = 0.02;

    /// <summary>Most events per batch (the Api takes up to 1,000).</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Live traffic closes a batch once it spans this much time, so slow rates still send often.</summary>
    public TimeSpan MaxBatchSpan { get; init; } = TimeSpan.FromSeconds(1);

    public DiurnalCurve Diurnal { get; init; } = DiurnalCurve.Default;

    /// <summary>The first thing wrong with these options, or null when they are usable.</summary>
    public string? Problem()
    {
        foreach (var (name, value) in Probabilities())
        {
            if (!(value is >= 0 and <= 1))
            {
                return $"{name} must lie between 0 and 1.";
            }
        }
        return ZipfExponent is not (> 0 and <= 5) ? "The Zipf exponent must be above 0 and at most 5."
            : ViewsPerSession is not (>= 1 and <= 1_000) ? "Views per session must be 1 to 1,000."
            : SearchesPerSession is not (>= 0 and <= 100) ? "Searches per session must be 0 to 100."
            : MeanDwellSeconds is not (> 0 and <= 600) ? "The mean dwell must be above 0 and at most 600 seconds."
            : BatchSize is < 1 or > Contracts.Events.EventRules.MaxEventsPerBatch ? $"The batch size must be 1 to {Contracts.Events.EventRules.MaxEventsPerBatch}."
            : MaxBatchSpan <= TimeSpan.Zero ? "The batch span must be positive."
            : null;
    }

    private IEnumerable<(string Name, double Value)> Probabilities() =>
    [
        ("The like probability", LikeProbability),
        ("The comment probability", CommentProbability),
        ("The share probability", ShareProbability),
        ("The unlike probability", UnlikeProbability),
        ("The profile-view probability", ProfileViewProbability),
        ("The follow-after-profile-view probability", FollowAfterProfileViewProbability),
        ("The friend-of-friend follow probability", FriendOfFriendFollowProbability),
        ("The unfollow probability", UnfollowProbability),
        ("The retry share", RetryShare),
    ];
}
