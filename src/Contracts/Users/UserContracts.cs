namespace Pulse.Contracts.Users;

/// <summary>Body of <c>POST /api/users</c>.</summary>
public sealed record CreateUserRequest(string? Handle, string? DisplayName, string? Email, string? Country, string? Password);

/// <summary>A user as the Api shows it: never the email or the password hash.</summary>
public sealed record UserResponse(
    long Id,
    string Handle,
    string DisplayName,
    string Country,
    DateTimeOffset CreatedAt,
    long Followers,
    long Following);
