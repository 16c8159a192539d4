using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Api.Posts;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Api.Users;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Users;
using Pulse.Data;
using Pulse.Data.Entities;

namespace Pulse.Api.Apis;

/// <summary>Users: creating one, reading one, and reading their posts.</summary>
public static class UsersApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("api/users").WithTags("Users").RequireRateLimiting(RateLimitPolicies.Default);

        users.MapPost("", CreateUser)
            .RequireAuthorization(PulseAuth.AdminPolicy)
            .WithName(nameof(CreateUser))
            .WithSummary("Create a user")
            .WithDescription("Handle and email are stored lower-case and must be unique (409 otherwise); country is an ISO 3166-1 alpha-2 code.");
        users.MapGet("{id:long}", GetUser)
            .AllowAnonymous()
            .WithName(nameof(GetUser))
            .WithSummary("A user with follower and following counts");
        users.MapGet("{id:long}/posts", GetUserPosts)
            .AllowAnonymous()
            .WithName(nameof(GetUserPosts))
            .WithSummary("A user's posts, newest first, one page at a time")
            .WithDescription("Keyset pagination: pass the page's nextCursor as 'before' to get the next page.");
        return app;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, [AsParameters] UserServices services, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (UserValidation.Validate(request, errors) is not { } valid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var user = new User
        {
            Handle = valid.Handle,
            DisplayName = valid.DisplayName,
            Email = valid.Email,
            Country = valid.Country,
            PasswordHash = "",
            CreatedAt = services.Time.GetUtcNow(),
        };
        user.PasswordHash = services.PasswordHasher.HashPassword(user, valid.Password);
        services.Db.Users.Add(user);

        try
        {
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.Violated(PostgresErrorCodes.UniqueViolation) is { } constraint)
        {
            var field = constraint == ConstraintNames.UserEmailUnique ? "email" : "handle";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: $"That {field} is taken",
                detail: $"Another user already has this {field}.",
                extensions: new Dictionary<string, object?> { ["field"] = field });
        }

        return TypedResults.Created($"/api/users/{user.Id}", ToResponse(user, followers: 0, following: 0));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUser(
        long id, PulseDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.Users
            .Where(user => user.Id == id)
            .Select(user => new
            {
                User = user,
                Counts = db.UserFollowCounts.SingleOrDefault(counts => counts.UserId == user.Id),
            })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);

        return found is null
            ? UserNotFound(id)
            : TypedResults.Ok(ToResponse(found.User, found.Counts?.Followers ?? 0, found.Counts?.Following ?? 0));
    }

    public static async Task<Results<Ok<PostPage>, ValidationProblem, ProblemHttpResult>> GetUserPosts(
        long id, PulseDbContext db, CancellationToken cancellationToken, [FromQuery] int limit = DefaultPageSize, [FromQuery] string? before = null)
    {
        var errors = new ValidationErrors();
        errors.InRange("limit", limit, 1, MaxPageSize);
        PostCursor? cursor = null;
        if (before is not null)
        {
            if (PostCursor.TryDecode(before, out var decoded))
            {
                cursor = decoded;
            }
            else
            {
                errors.Add("before", "Not a cursor this Api gave out.");
            }
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.Posts.AsNoTracking().Where(post => post.AuthorId == id);
        if (cursor is { } after)
        {
            query = query.Where(post => post.CreatedAt < after.CreatedAt || (post.CreatedAt == after.CreatedAt && post.Id < after.Id));
        }

        // One row more than the page tells whether another page follows.
        var rows = await query
            .OrderByDescending(post => post.CreatedAt).ThenByDescending(post => post.Id)
            .Take(limit + 1)
            .Select(post => new PostResponse(post.Id, post.AuthorId, post.Author!.Handle, post.Content, post.Tags, post.CreatedAt))
            .ToListAsync(cancellationToken);

        if (rows.Count == 0 && !await db.Users.AnyAsync(user => user.Id == id, cancellationToken))
        {
            return UserNotFound(id);
        }

        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new PostCursor(page[^1].CreatedAt, page[^1].Id).Encode() : null;
        return TypedResults.Ok(new PostPage(page, next));
    }

    internal static ProblemHttpResult UserNotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user", detail: $"There is no user {id}.");

    /// <summary>403: a signed-in user acting for another user.</summary>
    internal static ProblemHttpResult NotYours(long userId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not yours", detail: $"Only user {userId} (or an admin key) may do this.");

    private static UserResponse ToResponse(User user, long followers, long following) =>
        new(user.Id, user.Handle, user.DisplayName, user.Country, user.CreatedAt, followers, following);
}
