namespace Pulse.Web.Components.Common;

/// <summary>Which column a table sorts by, and which way.</summary>
public sealed record TableSort<TColumn>(TColumn Column, bool Descending) where TColumn : struct, Enum
{
    /// <summary>Sorting by <paramref name="column"/>: the other way if it already was, else in its natural first direction.</summary>
    public TableSort<TColumn> Toggle(TColumn column, bool descendingFirst) =>
        EqualityComparer<TColumn>.Default.Equals(column, Column) ? this with { Descending = !Descending } : new(column, descendingFirst);

    public IEnumerable<TRow> Apply<TRow, TKey>(IEnumerable<TRow> rows, Func<TRow, TKey> key) =>
        Descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
}
