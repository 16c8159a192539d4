using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Contracts.Security;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users", table =>
        {
            // People choose handles of letters, digits and underscores; an anonymised person's placeholder
            // account (a negative id, the pseudonym) has one with a hyphen, which no person can take.
            table.HasCheckConstraint("ck_users_handle_format", "handle ~ '^[a-z0-9_]{3,30}$' or (id < 0 and handle ~ '^anon-[0-9a-f]{16}$')");
            table.HasCheckConstraint("ck_users_country_format", "country ~ '^[A-Z]{2}$'");
            table.HasCheckConstraint("ck_users_email_lower", "email = lower(email)");
            table.HasCheckConstraint("ck_users_role", $"role in ({ApiKeyConfiguration.SqlList(Roles.All)})");
        });
        // By default, not always: the seed loader COPYs explicit ids (past every existing one) in one pass.
        user.Property(u => u.Id).UseIdentityByDefaultColumn();
        user.Property(u => u.Handle).HasMaxLength(30);
        user.Property(u => u.DisplayName).HasMaxLength(100);
        user.Property(u => u.Email).HasMaxLength(254);
        user.Property(u => u.Country).HasMaxLength(2).IsFixedLength();
        user.Property(u => u.Role).HasMaxLength(16).HasDefaultValue(Roles.Member);
        user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");

        // Sign-in and mentions look users up by handle; two users may not share one.
        user.HasIndex(u => u.Handle).IsUnique();
        // One account per address; also how a duplicate sign-up is detected.
        user.HasIndex(u => u.Email).IsUnique();
    }
}
