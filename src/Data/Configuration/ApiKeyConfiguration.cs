using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Data.Entities;

namespace Pulse.Data.Configuration;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys", table =>
        {
            table.HasCheckConstraint("ck_api_keys_scope", $"scope in ({SqlList(ApiKeyScopes.All)})");
            table.HasCheckConstraint("ck_api_keys_hash_length", "octet_length(secret_hash) = 32");
            table.HasCheckConstraint("ck_api_keys_events_per_minute", "events_per_minute > 0");
        });
        key.Property(k => k.Id).UseIdentityAlwaysColumn();
        key.Property(k => k.Name).HasMaxLength(100);
        key.Property(k => k.Scope).HasMaxLength(16);
        key.Property(k => k.CreatedAt).HasDefaultValueSql("now()");

        // Every authenticated request looks its key up by the secret's hash.
        key.HasIndex(k => k.SecretHash).IsUnique();
    }

    internal static string SqlList(IEnumerable<string> values) => string.Join(", ", values.Select(value => $"'{value}'"));
}
