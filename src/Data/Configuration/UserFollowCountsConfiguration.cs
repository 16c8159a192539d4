using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class UserFollowCountsConfiguration : IEntityTypeConfiguration<UserFollowCounts>
{
    public void Configure(EntityTypeBuilder<UserFollowCounts> counts)
    {
        counts.ToTable("user_follow_counts", table => Counts.RequireNonNegative(table, "user_follow_counts", "followers", "following"));
        // A profile reads its own row.
        counts.HasKey(c => c.UserId);
        counts.HasOne<User>().WithOne().HasForeignKey<UserFollowCounts>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);

        // The most-followed ranking walks this index from the top and stops after the page.
        counts.HasIndex(c => new { c.Followers, c.UserId }).IsDescending(true, false);
    }
}
