using System.ComponentModel.DataAnnotations;
using Pulse.Contracts.Analytics;

namespace Pulse.Api.Analytics;

/// <summary>Overrides of <see cref="EngagementWeights.Default"/>, from <c>Pulse:Engagement</c>.</summary>
public sealed class EngagementOptions
{
    public const string SectionName = "Pulse:Engagement";

    [Range(0, 1000)]
    public double View { get; set; } = EngagementWeights.Default.View;

    [Range(0, 1000)]
    public double Like { get; set; } = EngagementWeights.Default.Like;

    [Range(0, 1000)]
    public double Comment { get; set; } = EngagementWeights.Default.Comment;

    [Range(0, 1000)]
    public double Share { get; set; } = EngagementWeights.Default.Share;

    public EngagementWeights Weights => new(View, Like, Comment, Share);
}
