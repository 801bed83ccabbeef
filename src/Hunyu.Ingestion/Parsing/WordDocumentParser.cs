using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads Word documents (.docx): headings with levels, paragraphs, list items, table rows, then footnotes and endnotes.</summary>
/// <remarks>
/// A paragraph is a heading when its style (or a style it is based on) is named <c>heading N</c> or <c>标题 N</c>, or has
/// an outline level; Chinese Word writes style ids "1", "2", … for those, so names and outline levels are what count.
/// It is a list item when it has numbering (directly or by style) or a list style. The title is the core
/// properties' title, else a paragraph in the Title style, else the first heading, else the file name. Packages are
/// checked against zip bombs first (<see cref="IngestionLimits.MaxOfficeUncompressedBytes"/>). Thread-safe.
/// </remarks>
public sealed partial class WordDocumentParser : IDocumentParser
{
    private const int MaxStyleDepth = 16;

    private readonly long _maxPartBytes;

    /// <summary>Creates the parser with the default zip-bomb limit.</summary>
    public WordDocumentParser()
        : this(IngestionLimits.MaxOfficeUncompressedBytes)
    {
    }

    /// <summary>Creates the parser refusing package parts larger than <paramref name="maxPartBytes"/> uncompressed.</summary>
    public WordDocumentParser(long maxPartBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPartBytes);
        _maxPartBytes = maxPartBytes;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        using var package = OfficePackage.Load(content, fileName, ".docx", _maxPartBytes);
        try
        {
            return [Read(package, fileName)];
        }
        catch (Exception ex) when (OfficePackage.IsUnreadable(ex))
        {
            throw OfficePackage.Unreadable(fileName, ".docx", ex);
        }
    }

    private static ParsedDocument Read(Stream package, string fileName)
    {
        using var document = WordprocessingDocument.Open(package, isEditable: false);
        var main = document.MainDocumentPart ?? throw ParserErrors.Corrupt(fileName, "not a readable .docx file: it has no main document part");
        var body = main.Document?.Body ?? throw ParserErrors.Corrupt(fileName, "not a readable .docx file: the document has no body");
        var styles = new StyleTable(main.StyleDefinitionsPart?.Styles);
        var blocks = new BlockCollector();
        string? styleTitle = null;

        foreach (var element in body.ChildElements)
        {
            Visit(element, styles, blocks, ref styleTitle);
        }

        AddNotes(main.FootnotesPart?.Footnotes?.Elements<Footnote>().Where(note => note.Type is null).SelectMany(note => note.Elements<Paragraph>()), blocks);
        AddNotes(main.EndnotesPart?.Endnotes?.Elements<Endnote>().Where(note => note.Type is null).SelectMany(note => note.Elements<Paragraph>()), blocks);

        var result = blocks.RequireText(fileName);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "docx" };
        var properties = document.PackageProperties;
        if (!string.IsNullOrWhiteSpace(properties.Creator))
        {
            metadata["author"] = properties.Creator.Trim();
        }

        var title = !string.IsNullOrWhiteSpace(properties.Title) ? InlineText.Collapse(properties.Title)
            : styleTitle ?? result.FirstOrDefault(block => block.Kind == BlockKind.Heading)?.Text ?? Path.GetFileName(fileName);
        return new ParsedDocument(null, title, result, metadata);
    }

    private static void Visit(OpenXmlElement element, StyleTable styles, BlockCollector blocks, ref string? styleTitle)
    {
        switch (element)
        {
            case Paragraph paragraph:
                var text = InlineText.Collapse(TextOf(paragraph));
                var (kind, level, isTitle) = styles.Classify(paragraph);
                if (isTitle && text.Length > 0)
                {
                    styleTitle ??= text;
                }

                blocks.Add(kind, text, level);
                break;
            case Table table:
                foreach (var row in table.Elements<TableRow>())
                {
                    var cells = row.Elements<TableCell>().Select(cell => InlineText.Collapse(string.Join(' ', cell.Descendants<Paragraph>().Select(TextOf))));
                    blocks.Add(BlockKind.TableRow, string.Join(" | ", cells));
                }

                break;
            default:
                // Content controls, custom XML and the like wrap paragraphs and tables.
                foreach (var child in element.ChildElements)
                {
                    Visit(child, styles, blocks, ref styleTitle);
                }

                break;
        }
    }

    private static void AddNotes(IEnumerable<Paragraph>? paragraphs, BlockCollector blocks)
    {
        foreach (var paragraph in paragraphs ?? [])
        {
            blocks.Add(BlockKind.Paragraph, InlineText.Collapse(TextOf(paragraph)));
        }
    }

    private static string TextOf(Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case WordText text:
                    builder.Append(text.Text);
                    break;
                case TabChar:
                    builder.Append('\t');
                    break;
                case Break or CarriageReturn:
                    builder.Append('\n');
                    break;
                case NoBreakHyphen:
                    builder.Append('-');
                    break;
                default:
                    break;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\s*(heading|标题)\s*(?<level>[1-9])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadingName();

    [GeneratedRegex(@"^\s*(title|标题)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitleName();

    [GeneratedRegex(@"^\s*(list|列表)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListName();

    /// <summary>Resolves paragraph styles (through <c>basedOn</c>) to heading levels and list membership.</summary>
    private sealed class StyleTable(Styles? styles)
    {
        private readonly Dictionary<string, Style> _byId = styles?.Elements<Style>()
            .Where(style => style.StyleId?.Value is not null)
            .GroupBy(style => style.StyleId!.Value!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal) ?? [];

        public (BlockKind Kind, int Level, bool IsTitle) Classify(Paragraph paragraph)
        {
            var properties = paragraph.ParagraphProperties;
            if (properties?.OutlineLevel?.Val?.Value is { } ownOutline && ownOutline < 9)
            {
                return (BlockKind.Heading, Math.Min(ownOutline + 1, 6), false);
            }

            var styleId = properties?.ParagraphStyleId?.Val?.Value;
            var (headingLevel, isTitle, isList) = Resolve(styleId);
            if (isTitle)
            {
                return (BlockKind.Heading, 1, true);
            }

            if (headingLevel > 0)
            {
                return (BlockKind.Heading, Math.Min(headingLevel, 6), false);
            }

            var numbered = properties?.NumberingProperties?.NumberingId?.Val?.Value is { } numberingId && numberingId != 0;
            return (numbered || isList ? BlockKind.ListItem : BlockKind.Paragraph, 0, false);
        }

        private (int HeadingLevel, bool IsTitle, bool IsList) Resolve(string? styleId)
        {
            var isList = false;
            for (var depth = 0; styleId is not null && depth < MaxStyleDepth; depth++)
            {
                var match = HeadingName().Match(styleId);
                if (match.Success)
                {
                    return (int.Parse(match.Groups["level"].ValueSpan, CultureInfo.InvariantCulture), false, isList);
                }

                if (!_byId.TryGetValue(styleId, out var style))
                {
                    break;
                }

                var name = style.StyleName?.Val?.Value ?? string.Empty;
                match = HeadingName().Match(name);
                if (match.Success)
                {
                    return (int.Parse(match.Groups["level"].ValueSpan, CultureInfo.InvariantCulture), false, isList);
                }

                if (TitleName().IsMatch(name) || TitleName().IsMatch(styleId))
                {
                    return (0, true, isList);
                }

                if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
                {
                    return (outline + 1, false, isList);
                }

                isList |= ListName().IsMatch(name) || style.StyleParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value is > 0;
                styleId = style.BasedOn?.Val?.Value;
            }

            return (0, false, isList);
        }
    }
}
