using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> follow)
    {
        follow.ToTable("follows", table => table.HasCheckConstraint("ck_follows_not_self", "follower_id <> followee_id"));
        // The key (follower, followee) also answers "whom does X follow" and counts following.
        follow.HasKey(f => new { f.FollowerId, f.FolloweeId });
        follow.Property(f => f.CreatedAt).HasDefaultValueSql("now()");

        follow.HasOne<User>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<User>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.Cascade);

        // "Who follows X": follower counts and the most-followed ranking group by followee.
        follow.HasIndex(f => new { f.FolloweeId, f.FollowerId });
    }
}
