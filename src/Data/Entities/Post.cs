namespace Pulse.Data.Entities;

public sealed class Post
{
    public long Id { get; set; }

    public long AuthorId { get; set; }

    public User? Author { get; set; }

    public required string Content { get; set; }

    public string[] Tags { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
