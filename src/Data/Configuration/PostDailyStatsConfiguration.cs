using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class PostDailyStatsConfiguration : IEntityTypeConfiguration<PostDailyStats>
{
    public void Configure(EntityTypeBuilder<PostDailyStats> stats)
    {
        stats.ToTable("post_daily_stats", table => Counts.RequireNonNegative(table, "post_daily_stats", "views", "likes", "comments", "shares"));
        // The Ingestor upserts (post, day); one post's history reads a range of it.
        stats.HasKey(s => new { s.PostId, s.Day });
        stats.HasOne<Post>().WithMany().HasForeignKey(s => s.PostId).OnDelete(DeleteBehavior.Cascade);

        // "The last N days" (top posts, the leaderboard, the daily series) scans a day range across
        // all posts; post, author and counts ride along so the scan never visits the table.
        stats.HasIndex(s => s.Day).IncludeProperties(s => new { s.PostId, s.AuthorId, s.Views, s.Likes, s.Comments, s.Shares });

        // One author's window (the user summary) reads only that author's days.
        stats.HasIndex(s => new { s.AuthorId, s.Day });
    }
}
