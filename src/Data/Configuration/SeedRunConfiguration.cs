using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class SeedRunConfiguration : IEntityTypeConfiguration<SeedRun>
{
    public void Configure(EntityTypeBuilder<SeedRun> run)
    {
        run.ToTable("seed_runs");
        // At most one row per scale: loading a seed again finds its row and does nothing.
        run.HasKey(r => r.Scale);
        run.Property(r => r.Scale).HasMaxLength(16);
        run.Property(r => r.CompletedAt).HasDefaultValueSql("now()");
    }
}
