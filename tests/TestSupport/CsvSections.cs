using System.Globalization;
using CsvHelper;

namespace Pulse.TestSupport;

/// <summary>One section of the overview report's CSV: its name, header and data records.</summary>
public sealed record CsvSection(string Name, string[] Header, IReadOnlyList<string[]> Rows)
{
    /// <summary>The field of <paramref name="column"/> in data record <paramref name="row"/>.</summary>
    public string Field(int row, string column)
    {
        var index = Array.IndexOf(Header, column);
        return index < 0 ? throw new KeyNotFoundException($"Section {Name} has no column {column}; it has {string.Join(", ", Header)}.") : Rows[row][index];
    }
}

/// <summary>
/// Reads the overview report's CSV as its documentation says a client would: records
/// <c>section,NAME,ROWS</c>, each followed by a header and exactly ROWS data records.
/// </summary>
public sealed class CsvSections(IReadOnlyList<CsvSection> sections)
{
    /// <summary>The sections' names in file order.</summary>
    public IReadOnlyList<string> Names => [.. sections.Select(section => section.Name)];

    public CsvSection this[string name] => sections.Single(section => section.Name == name);

    public static CsvSections Read(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = false, Separator = ',' });
        var sections = new List<CsvSection>();
        while (reader.Read())
        {
            var marker = reader.Current.ToArray();
            if (marker.Length != 3 || marker[0] != "section")
            {
                throw new FormatException($"Expected 'section,NAME,ROWS', found '{string.Join(",", marker)}'.");
            }
            var rows = int.Parse(marker[2], CultureInfo.InvariantCulture);
            var header = Next(reader, marker[1]);
            var data = new List<string[]>(rows);
            for (var i = 0; i < rows; i++)
            {
                var record = Next(reader, marker[1]);
                if (record.Length != header.Length)
                {
                    throw new FormatException($"Section {marker[1]}, record {i + 1}: {record.Length} fields under a header of {header.Length}.");
                }
                data.Add(record);
            }
            sections.Add(new CsvSection(marker[1], header, data));
        }
        return new CsvSections(sections);
    }

    private static string[] Next(CsvReader reader, string section) =>
        reader.Read() ? reader.Current.ToArray() : throw new FormatException($"Section {section} ends early.");
}
