using Microsoft.AspNetCore.Identity;
using Pulse.Data;
using Pulse.Data.Entities;

namespace Pulse.Api.Users;

/// <summary>What the user endpoints need, injected together.</summary>
public sealed class UserServices(PulseDbContext db, IPasswordHasher<User> passwordHasher, TimeProvider time)
{
    public PulseDbContext Db { get; } = db;

    public IPasswordHasher<User> PasswordHasher { get; } = passwordHasher;

    public TimeProvider Time { get; } = time;
}
