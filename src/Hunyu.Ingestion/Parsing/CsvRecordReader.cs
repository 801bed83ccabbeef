using System.Text;

namespace Hunyu.Ingestion.Parsing;

/// <summary>One CSV record: its fields, the lines it spans, and whether a quoted field was left open at the end of input.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Fields, long StartLine, long EndLine, bool Unterminated);

/// <summary>Reads RFC 4180 records from a text reader, one at a time.</summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter, long firstLine = 1)
{
    private long _line = firstLine;

    /// <summary>Reads the next record; null at the end of input.</summary>
    public CsvRecord? Read()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var startLine = _line;
        var atFieldStart = true;
        var inQuotes = false;
        var sawAnything = false;

        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!sawAnything)
                {
                    return null;
                }

                fields.Add(field.ToString());
                return new CsvRecord(fields, startLine, _line, Unterminated: inQuotes);
            }

            sawAnything = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
                    {
                        _line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            if (atFieldStart && c == '"')
            {
                inQuotes = true;
                atFieldStart = false;
                continue;
            }

            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                continue;
            }

            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                fields.Add(field.ToString());
                var endLine = _line;
                _line++;
                return new CsvRecord(fields, startLine, endLine, Unterminated: false);
            }

            field.Append((char)c);
            atFieldStart = false;
        }
    }
}
