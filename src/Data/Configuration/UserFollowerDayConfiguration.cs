using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class UserFollowerDayConfiguration : IEntityTypeConfiguration<UserFollowerDay>
{
    public void Configure(EntityTypeBuilder<UserFollowerDay> days)
    {
        days.ToTable("user_follower_days", table => Counts.RequireNonNegative(table, "user_follower_days", "gained", "lost"));
        // One user's growth reads a range of its own days.
        days.HasKey(d => new { d.UserId, d.Day });
        days.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);

        // The platform's growth reads a range of days across users.
        days.HasIndex(d => d.Day);
    }
}
