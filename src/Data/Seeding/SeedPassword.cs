namespace Pulse.Data.Seeding;

/// <summary>
/// Every seeded user signs in with this demo password. The hash is precomputed once (ASP.NET Core
/// Identity's PasswordHasher, V3: PBKDF2-HMAC-SHA512, 100,000 iterations): hashing it per user would
/// take minutes at the demo scale, and a constant keeps the generated rows deterministic.
/// </summary>
public static class SeedPassword
{
    public const string Text = "pulse-demo-password";

    public const string Hash = "AQAAAAIAAYagAAAAEI9ke1edkR7fIvbore1vYHf93MT+Qdt9XykeRWkubafWjC05gATZq7Zc27+jExd6gg==";
}
