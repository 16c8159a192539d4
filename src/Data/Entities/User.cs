namespace Pulse.Data.Entities;

public sealed class User
{
    public long Id { get; set; }

    /// <summary>Lower-case, unique; how people mention each other.</summary>
    public required string Handle { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>Lower-case, unique.</summary>
    public required string Email { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper-case.</summary>
    public required string Country { get; set; }

    /// <summary>ASP.NET Core Identity's password hash format (PBKDF2 with a per-user salt).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>One of <see cref="Pulse.Contracts.Security.Roles"/>; <c>member</c> unless an admin says otherwise.</summary>
    public string Role { get; set; } = Pulse.Contracts.Security.Roles.Member;

    public DateTimeOffset CreatedAt { get; set; }
}
