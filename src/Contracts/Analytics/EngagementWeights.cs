namespace Pulse.Contracts.Analytics;

/// <summary>
/// How much each kind of interaction counts towards a post's engagement. The one place these
/// weights live: analytics and trending both read them from here (or from configuration that
/// overrides these defaults).
/// </summary>
public sealed record EngagementWeights(double View, double Like, double Comment, double Share)
{
    public static readonly EngagementWeights Default = new(View: 1, Like: 3, Comment: 5, Share: 8);

    public double Of(long views, long likes, long comments, long shares) =>
        views * View + likes * Like + comments * Comment + shares * Share;
}
