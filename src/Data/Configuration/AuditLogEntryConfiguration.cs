using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.Property(e => e.Id).UseIdentityAlwaysColumn();
        entry.Property(e => e.At).HasDefaultValueSql("now()");
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Target).HasMaxLength(200);
        entry.Property(e => e.Detail).HasMaxLength(2000);
        entry.Property(e => e.Source).HasMaxLength(200);
        // The log is read newest first, page by page (keyset on the id), so the primary key serves it.
    }
}
