namespace Pulse.Web.Components.Posts;

public enum TopPostColumn
{
    Rank,
    RankWithinAuthor,
    Engagement,
    Views,
    Likes,
    Comments,
    Shares,
}
