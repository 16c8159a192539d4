using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class PostStatsConfiguration : IEntityTypeConfiguration<PostStats>
{
    public void Configure(EntityTypeBuilder<PostStats> stats)
    {
        stats.ToTable("post_stats", table => Counts.RequireNonNegative(table, "post_stats", "views", "likes", "comments", "shares", "reach"));
        // One row per post, found by its id: the key is the only access path.
        stats.HasKey(s => s.PostId);
        stats.Property(s => s.UpdatedAt).HasDefaultValueSql("now()");
        stats.HasOne<Post>().WithOne().HasForeignKey<PostStats>(s => s.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}
