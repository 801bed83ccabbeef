using System.Globalization;
using System.Text;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// Reads CSV (.csv, .tsv): RFC 4180 quoting, a header row, the delimiter (comma, semicolon or tab) detected from the
/// header, the encoding detected by <see cref="TextDecoder"/>; one document per data row, streamed.
/// </summary>
/// <remarks>
/// <para>
/// Per row: RecordKey is the <c>id</c> column, else the 1-based data row number (blank lines are not rows); Title is
/// the <c>title</c>, <c>标题</c> or <c>name</c> column, else "<c>file row N</c>"; a <c>text</c>, <c>content</c>,
/// <c>body</c>, <c>正文</c> or <c>内容</c> column becomes a plain paragraph and every other non-empty column a
/// "<c>column: value</c>" paragraph; Metadata holds those other columns, each value capped at 256 characters.
/// </para>
/// <para>
/// Lenient where files in the wild are: a quote inside an unquoted field is kept, text after a closing quote is kept,
/// short rows are padded and extra cells are named <c>column N</c>. A quoted field still open at the end of the file
/// is a problem reported as described on <see cref="IRecordParser"/>. The caller must keep the stream open while
/// enumerating. Thread-safe.
/// </para>
/// </remarks>
public sealed class CsvParser : RecordFileParser
{
    private static readonly char[] Delimiters = [',', ';', '\t'];

    /// <summary>Creates the parser with the default record limit (<see cref="IngestionLimits.MaxRecordsPerFile"/>).</summary>
    public CsvParser()
        : this(IngestionLimits.MaxRecordsPerFile)
    {
    }

    /// <summary>Creates the parser reading at most <paramref name="maxRecords"/> rows per file.</summary>
    public CsvParser(int maxRecords)
        : base(maxRecords)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> Extensions { get; } = [".csv", ".tsv"];

    private protected override IEnumerable<RecordOutcome> ReadRecords(Stream content, string fileName)
    {
        using var reader = TextDecoder.OpenReader(content, fileName, out _);
        var (headerText, headerLines) = ReadFirstRecordText(reader);
        if (string.IsNullOrWhiteSpace(headerText))
        {
            throw ParserErrors.Empty(fileName);
        }

        var delimiter = DetectDelimiter(headerText);
        var headerRecord = new CsvRecordReader(new StringReader(headerText), delimiter).Read()!;
        var header = ColumnNames(headerRecord.Fields);
        var rows = new CsvRecordReader(reader, delimiter, firstLine: headerLines + 1);
        var shortName = Path.GetFileName(fileName);
        var rowNumber = 0;
        while (rows.Read() is { } record)
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rowNumber++;
            var location = string.Create(CultureInfo.InvariantCulture, $"row {rowNumber} (line {record.StartLine})");
            if (record.Unterminated)
            {
                yield return new RecordOutcome(null, new ParseProblem(fileName, location, "a quoted field is never closed; the rest of the file was read as that field", ErrorCode.CorruptInput));
                yield break;
            }

            var fields = new List<RecordField>(record.Fields.Count);
            for (var i = 0; i < record.Fields.Count; i++)
            {
                var name = i < header.Count ? header[i] : string.Create(CultureInfo.InvariantCulture, $"column {i + 1}");
                fields.Add(new RecordField(name, record.Fields[i], IsScalar: true));
            }

            var key = rowNumber.ToString(CultureInfo.InvariantCulture);
            var parsed = RecordBuilder.Build(fields, key, $"{shortName} row {key}", fieldsAsText: true, out var problem);
            yield return parsed is not null
                ? new RecordOutcome(parsed, null)
                : new RecordOutcome(null, new ParseProblem(fileName, location, problem!, ErrorCode.CorruptInput));
        }
    }

    // The raw text of the first record (up to a line break outside quotes), so the delimiter can be chosen before
    // parsing, and how many lines it and any blank lines before it took.
    private static (string Text, long Lines) ReadFirstRecordText(TextReader reader)
    {
        var builder = new StringBuilder();
        var inQuotes = false;
        long lines = 0;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\r' && reader.Peek() == '\n')
            {
                reader.Read();
                c = '\n';
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '\n' || c == '\r')
            {
                lines++;
                if (!inQuotes)
                {
                    if (builder.ToString().Trim().Length == 0)
                    {
                        // Leading blank lines are not the header.
                        builder.Clear();
                        continue;
                    }

                    return (builder.ToString(), lines);
                }
            }

            builder.Append((char)c);
        }

        return (builder.ToString(), lines);
    }

    // The delimiter occurring most often outside quotes in the header; comma on a tie or when none occurs.
    private static char DetectDelimiter(string header)
    {
        var counts = new int[Delimiters.Length];
        var inQuotes = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && Array.IndexOf(Delimiters, c) is var index and >= 0)
            {
                counts[index]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Delimiters[best];
    }

    private static List<string> ColumnNames(IReadOnlyList<string> headerFields)
    {
        var names = new List<string>(headerFields.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headerFields.Count; i++)
        {
            var name = headerFields[i].Trim().TrimStart('\uFEFF');
            if (name.Length == 0)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"column {i + 1}");
            }

            var unique = name;
            for (var suffix = 2; !seen.Add(unique); suffix++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name}_{suffix}");
            }

            names.Add(unique);
        }

        return names;
    }
}
