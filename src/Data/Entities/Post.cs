namespace Pulse.Data.Entities;

public sealed class Post
{
    public long Id { get; set; }

    public long AuthorId { get; set; }

    public User? Author { get; set; }

    public required string Content { get; set; }

    public string[] Tags { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The author's followers when the post was published: the denominator of its engagement rate by followers.</summary>
    public long FollowersAtPublish { get; set; }
}
