using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class UserHourlyActivityConfiguration : IEntityTypeConfiguration<UserHourlyActivity>
{
    public void Configure(EntityTypeBuilder<UserHourlyActivity> activity)
    {
        activity.ToTable("user_hourly_activity", table => Counts.RequireNonNegative(table, "user_hourly_activity", "events"));
        // The Ingestor upserts (user, hour); an author's followers are read a range of hours each.
        activity.HasKey(a => new { a.UserId, a.Hour });
        activity.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);

        // The platform's heatmap reads a range of hours across users, from the index alone.
        activity.HasIndex(a => a.Hour).IncludeProperties(a => new { a.UserId, a.Events });
    }
}
