namespace Pulse.Contracts.Posts;

/// <summary>Body of <c>POST /api/posts</c>.</summary>
public sealed record CreatePostRequest(long? AuthorId, string? Content, IReadOnlyList<string>? Tags);

public sealed record PostResponse(
    long Id,
    long AuthorId,
    string AuthorHandle,
    string Content,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt);

/// <summary>One page of posts, newest first; pass <see cref="NextCursor"/> as <c>before</c> for the next.</summary>
public sealed record PostPage(IReadOnlyList<PostResponse> Items, string? NextCursor);
