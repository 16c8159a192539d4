using Microsoft.EntityFrameworkCore;
using Pulse.Data.Entities;

namespace Pulse.Data;

public sealed class PulseDbContext(DbContextOptions<PulseDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<Follow> Follows => Set<Follow>();

    public DbSet<PostLike> PostLikes => Set<PostLike>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<PostStats> PostStats => Set<PostStats>();

    public DbSet<PostDailyStats> PostDailyStats => Set<PostDailyStats>();

    public DbSet<UserDailyActivity> UserDailyActivity => Set<UserDailyActivity>();

    public DbSet<UserFollowCounts> UserFollowCounts => Set<UserFollowCounts>();

    public DbSet<UserFollowerDay> UserFollowerDays => Set<UserFollowerDay>();

    public DbSet<UserHourlyActivity> UserHourlyActivity => Set<UserHourlyActivity>();

    public DbSet<PostViewer> PostViewers => Set<PostViewer>();

    public DbSet<IngestedEvent> IngestedEvents => Set<IngestedEvent>();

    public DbSet<SeedRun> SeedRuns => Set<SeedRun>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<ErasureJob> ErasureJobs => Set<ErasureJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PulseDbContext).Assembly);
}
