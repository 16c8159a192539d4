using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Data.Configuration;

internal static class Counts
{
    /// <summary>A count below zero is a bug upstream; the database refuses it rather than store it.</summary>
    public static void RequireNonNegative<TEntity>(TableBuilder<TEntity> table, string tableName, params string[] columns)
        where TEntity : class
    {
        foreach (var column in columns)
        {
            table.HasCheckConstraint($"ck_{tableName}_{column}_non_negative", $"{column} >= 0");
        }
    }
}
