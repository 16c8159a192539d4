using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class IngestedEventConfiguration : IEntityTypeConfiguration<IngestedEvent>
{
    public void Configure(EntityTypeBuilder<IngestedEvent> ingested)
    {
        ingested.ToTable("ingested_events");
        // The dedupe check: INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING event_id.
        ingested.HasKey(e => e.EventId);
        ingested.Property(e => e.IngestedAt).HasDefaultValueSql("now()");

        // Retention pruning deletes the oldest ids first.
        ingested.HasIndex(e => e.IngestedAt);
    }
}
