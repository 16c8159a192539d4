using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class UserDailyActivityConfiguration : IEntityTypeConfiguration<UserDailyActivity>
{
    public void Configure(EntityTypeBuilder<UserDailyActivity> activity)
    {
        activity.ToTable("user_daily_activity", table => Counts.RequireNonNegative(table, "user_daily_activity",
            "events", "post_views", "likes", "comments", "shares", "follows", "sessions"));
        // The Ingestor upserts (user, day); a user's summary reads a range of it.
        activity.HasKey(a => new { a.UserId, a.Day });
        activity.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
