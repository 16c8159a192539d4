namespace Pulse.Web.Components.Posts;

public enum TopPostColumn
{
    Rank,
    Author,
    RankWithinAuthor,
    Engagement,
    Views,
    Likes,
    Comments,
    Shares,
}
