using System.Globalization;
using System.Text;
using CsvHelper;

namespace Pulse.Web.Components.Charts;

/// <summary>
/// The table behind a chart: the same figures as text, shown on demand and offered as a CSV file
/// (RFC 4180, UTF-8; a number is written as a number, and any other field a spreadsheet would run
/// as a formula, such as <c>=…</c> or <c>@…</c>, starts with <c>'</c>).
/// </summary>
public sealed record FigureTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public string ToCsv()
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            WriteRecord(csv, Headers);
            foreach (var row in Rows)
            {
                WriteRecord(csv, row);
            }
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The CSV as a <c>data:</c> address, so a plain link downloads it without another request.</summary>
    public string ToDataUri() => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(ToCsv());

    private static void WriteRecord(CsvWriter csv, IReadOnlyList<string> fields)
    {
        foreach (var field in fields)
        {
            // A negative figure starts with '-' too: typed as a number, it is not taken for a formula.
            // Only text that a number writes back exactly is one ("+1" or "01" stay text).
            if (decimal.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                && number.ToString(CultureInfo.InvariantCulture) == field)
            {
                csv.WriteField(number, default);
            }
            else
            {
                csv.WriteField(field);
            }
        }
        csv.EndRecord();
    }
}
