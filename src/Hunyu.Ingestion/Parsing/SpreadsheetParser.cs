using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CellText = DocumentFormat.OpenXml.Spreadsheet.Text;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads Excel workbooks (.xlsx): each worksheet's name as a level-1 heading, then one table-row block per non-empty row.</summary>
/// <remarks>
/// Cells are joined with " | " in column order, empty cells in between kept so columns line up. Shared and inline
/// strings are resolved; numbers are kept as stored (dates stay serial numbers), booleans become TRUE/FALSE, formulas
/// give their cached value. Rows stream with a forward-only reader, so a large sheet is not loaded whole. Chart sheets
/// are skipped. Packages are checked against zip bombs first. Thread-safe.
/// </remarks>
public sealed class SpreadsheetParser : IDocumentParser
{
    private readonly long _maxPartBytes;

    /// <summary>Creates the parser with the default zip-bomb limit.</summary>
    public SpreadsheetParser()
        : this(IngestionLimits.MaxOfficeUncompressedBytes)
    {
    }

    /// <summary>Creates the parser refusing package parts larger than <paramref name="maxPartBytes"/> uncompressed.</summary>
    public SpreadsheetParser(long maxPartBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPartBytes);
        _maxPartBytes = maxPartBytes;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".xlsx"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        using var package = OfficePackage.Load(content, fileName, ".xlsx", _maxPartBytes);
        try
        {
            return [Read(package, fileName)];
        }
        catch (Exception ex) when (OfficePackage.IsUnreadable(ex))
        {
            throw OfficePackage.Unreadable(fileName, ".xlsx", ex);
        }
    }

    private static ParsedDocument Read(Stream package, string fileName)
    {
        using var document = SpreadsheetDocument.Open(package, isEditable: false);
        var workbookPart = document.WorkbookPart ?? throw ParserErrors.Corrupt(fileName, "not a readable .xlsx file: it has no workbook part");
        var sharedStrings = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToArray() ?? [];
        var blocks = new BlockCollector();
        var sheetCount = 0;

        foreach (var sheet in workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            if (sheet.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart worksheet)
            {
                continue;
            }

            sheetCount++;
            var headingAdded = false;
            foreach (var row in Rows(worksheet, sharedStrings))
            {
                if (!headingAdded)
                {
                    blocks.Add(BlockKind.Heading, sheet.Name?.Value ?? $"Sheet{sheetCount}", 1);
                    headingAdded = true;
                }

                blocks.Add(BlockKind.TableRow, row);
            }
        }

        var result = blocks.RequireText(fileName);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "xlsx",
            ["sheets"] = sheetCount.ToString(CultureInfo.InvariantCulture),
        };
        var properties = document.PackageProperties;
        if (!string.IsNullOrWhiteSpace(properties.Creator))
        {
            metadata["author"] = properties.Creator.Trim();
        }

        var title = string.IsNullOrWhiteSpace(properties.Title) ? Path.GetFileName(fileName) : InlineText.Collapse(properties.Title);
        return new ParsedDocument(null, title, result, metadata);
    }

    private static IEnumerable<string> Rows(WorksheetPart worksheet, string[] sharedStrings)
    {
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                var value = InlineText.Collapse(ValueOf(cell, sharedStrings));
                if (column < cells.Count)
                {
                    cells[column] = value;
                }
                else
                {
                    cells.Add(value);
                }
            }

            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            if (cells.Count > 0)
            {
                yield return string.Join(" | ", cells);
            }
        }
    }

    private static string ValueOf(Cell cell, string[] sharedStrings)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < sharedStrings.Length
                ? sharedStrings[index]
                : string.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? TextOf(inline) : raw;
        }

        if (type == CellValues.Boolean)
        {
            return raw switch { "1" => "TRUE", "0" => "FALSE", _ => raw };
        }

        return raw;
    }

    // Rich text runs are concatenated; phonetic guides (furigana) are not part of the text.
    private static string TextOf(OpenXmlElement item)
    {
        var builder = new StringBuilder();
        foreach (var text in item.Descendants<CellText>())
        {
            if (text.Parent is not PhoneticRun)
            {
                builder.Append(text.Text);
            }
        }

        return builder.ToString();
    }

    // "B12" -> 1; null when the reference is missing or malformed.
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (upper - 'A' + 1);
            letters++;
            if (letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : index - 1;
    }
}
