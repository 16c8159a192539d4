using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Api.Posts;
using Pulse.Api.Problems;
using Pulse.Api.Security;
using Pulse.Contracts.Posts;
using Pulse.Data;
using Pulse.Data.Entities;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

public static class PostsApi
{
    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("api/posts").WithTags("Posts").RequireRateLimiting(RateLimitPolicies.Default);

        posts.MapPost("", CreatePost)
            .RequireAuthorization(PulseAuth.MemberOrAdminPolicy)
            .WithName(nameof(CreatePost))
            .WithSummary("Publish a post")
            .WithDescription("Content is 1 to 2000 characters; up to 10 tags, stored lower-case without '#'. A signed-in user posts as themselves only; an admin key as anyone.");
        posts.MapGet("{id:long}", GetPost)
            .AllowAnonymous()
            .WithName(nameof(GetPost))
            .WithSummary("A post with its author's handle");

        return app;
    }

    public static async Task<Results<Created<PostResponse>, ValidationProblem, ProblemHttpResult>> CreatePost(
        CreatePostRequest request, ClaimsPrincipal caller, PulseDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (PostValidation.Validate(request, errors) is not { } valid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        if (!caller.MayActAs(valid.AuthorId))
        {
            return UsersApi.NotYours(valid.AuthorId);
        }

        var followers = await db.UserFollowCounts.Where(counts => counts.UserId == valid.AuthorId).Select(counts => counts.Followers).SingleOrDefaultAsync(cancellationToken);
        var post = new Post { AuthorId = valid.AuthorId, Content = valid.Content, Tags = valid.Tags, CreatedAt = time.GetUtcNow(), FollowersAtPublish = followers };
        db.Posts.Add(post);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.Violated(PostgresErrorCodes.ForeignKeyViolation) == ConstraintNames.PostAuthor)
        {
            return UsersApi.UserNotFound(valid.AuthorId);
        }

        var authorHandle = await db.Users.Where(user => user.Id == post.AuthorId).Select(user => user.Handle).SingleAsync(cancellationToken);
        return TypedResults.Created($"/api/posts/{post.Id}", new PostResponse(post.Id, post.AuthorId, authorHandle, post.Content, post.Tags, post.CreatedAt));
    }

    public static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetPost(long id, PulseDbContext db, CancellationToken cancellationToken)
    {
        var post = await db.Posts.AsNoTracking()
            .Where(post => post.Id == id)
            .Select(post => new PostResponse(post.Id, post.AuthorId, post.Author!.Handle, post.Content, post.Tags, post.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);

        return post is null ? PostNotFound(id) : TypedResults.Ok(post);
    }

    internal static ProblemHttpResult PostNotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such post", detail: $"There is no post {id}.");
}
