using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Pulse.Data.Seeding;

/// <summary>
/// Table and column names for the loader's SQL, taken from the EF Core model so they follow any
/// rename. The caller writes each row's values in the order it names the properties here.
/// </summary>
internal static class CopyCommand
{
    public static string For<TEntity>(IModel model, params string[] properties)
    {
        var columns = properties.Select(property => Quote(ColumnName<TEntity>(model, property)));
        return $"COPY {Quote(TableName<TEntity>(model))} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)";
    }

    public static string TableName<TEntity>(IModel model) => Entity<TEntity>(model).GetTableName()!;

    public static string ColumnName<TEntity>(IModel model, string property)
    {
        var entity = Entity<TEntity>(model);
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return entity.FindProperty(property)?.GetColumnName(table)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no mapped property {property}.");
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static IEntityType Entity<TEntity>(IModel model) =>
        model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
}
