using System.Text.RegularExpressions;
using Pulse.Api.Problems;
using Pulse.Contracts.Posts;

namespace Pulse.Api.Posts;

public static partial class PostValidation
{
    public const int MaxContentLength = 2000;
    public const int MaxTags = 10;

    /// <summary>A valid request, normalised: content trimmed, tags lower-case without '#' or repeats.</summary>
    public sealed record NewPost(long AuthorId, string Content, string[] Tags);

    public static NewPost? Validate(CreatePostRequest request, ValidationErrors errors)
    {
        if (request.AuthorId is not > 0)
        {
            errors.Add("authorId", "Required: the id of an existing user.");
        }

        var content = request.Content?.Trim();
        if (string.IsNullOrEmpty(content))
        {
            errors.Add("content", "Required.");
        }
        else if (content.Length > MaxContentLength)
        {
            errors.Add("content", $"At most {MaxContentLength} characters.");
        }

        var tags = (request.Tags ?? []).Select(tag => tag?.Trim().TrimStart('#').ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        if (tags.Length > MaxTags)
        {
            errors.Add("tags", $"At most {MaxTags} tags.");
        }
        foreach (var tag in tags.Where(tag => !TagPattern().IsMatch(tag)))
        {
            errors.Add("tags", $"'{tag}' is not a tag: use 1 to 50 letters, digits, '_' or '-'.");
        }

        return errors.Any ? null : new NewPost(request.AuthorId!.Value, content!, tags);
    }

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}\p{N}_-]{1,50}$")]
    private static partial Regex TagPattern();
}
