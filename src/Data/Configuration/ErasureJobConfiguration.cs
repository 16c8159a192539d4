using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Contracts.Privacy;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class ErasureJobConfiguration : IEntityTypeConfiguration<ErasureJob>
{
    public void Configure(EntityTypeBuilder<ErasureJob> job)
    {
        job.ToTable("erasure_jobs", table =>
        {
            table.HasCheckConstraint("ck_erasure_jobs_mode", $"mode in ('{ErasureModes.Erase}', '{ErasureModes.Anonymise}')");
            table.HasCheckConstraint("ck_erasure_jobs_state", $"state in ('{ErasureStates.Pending}', '{ErasureStates.Running}', '{ErasureStates.Completed}')");
        });
        job.Property(j => j.Id).UseIdentityAlwaysColumn();
        job.Property(j => j.Mode).HasMaxLength(16);
        job.Property(j => j.State).HasMaxLength(16);
        job.Property(j => j.Step).HasMaxLength(32);
        job.Property(j => j.Waiting).HasMaxLength(500);
        job.Property(j => j.RequestedBy).HasMaxLength(200);
        job.Property(j => j.RequestedAt).HasDefaultValueSql("now()");
        job.Property(j => j.Receipt).HasColumnType("jsonb");
        job.Property(j => j.LeaseOwner).HasMaxLength(200);
        job.Property(j => j.LastError).HasMaxLength(2000);
        // One unfinished job per person: a second request while one runs is refused, not queued twice.
        job.HasIndex(j => j.UserId).IsUnique().HasFilter($"state <> '{ErasureStates.Completed}'").HasDatabaseName(ConstraintNames.ErasureJobUnfinishedUnique);
        // Runners look for the unfinished jobs; the Web lists the newest.
        job.HasIndex(j => j.State).HasFilter($"state <> '{ErasureStates.Completed}'");
    }
}
