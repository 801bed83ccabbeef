using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using Drawing = DocumentFormat.OpenXml.Drawing;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads PowerPoint decks (.pptx): per slide, the title placeholder as a level-1 heading, then one block per text paragraph, table row and speaker-note paragraph, all with Page = slide number.</summary>
/// <remarks>
/// Shapes are read in the slide's drawing order, group shapes included. Slide-number, date, header and footer
/// placeholders are skipped (they repeat on every slide). The title is the core properties' title, else the first
/// slide title, else the file name. Packages are checked against zip bombs first. Thread-safe.
/// </remarks>
public sealed class PresentationParser : IDocumentParser
{
    private readonly long _maxPartBytes;

    /// <summary>Creates the parser with the default zip-bomb limit.</summary>
    public PresentationParser()
        : this(IngestionLimits.MaxOfficeUncompressedBytes)
    {
    }

    /// <summary>Creates the parser refusing package parts larger than <paramref name="maxPartBytes"/> uncompressed.</summary>
    public PresentationParser(long maxPartBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPartBytes);
        _maxPartBytes = maxPartBytes;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".pptx"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        using var package = OfficePackage.Load(content, fileName, ".pptx", _maxPartBytes);
        try
        {
            return [Read(package, fileName)];
        }
        catch (Exception ex) when (OfficePackage.IsUnreadable(ex))
        {
            throw OfficePackage.Unreadable(fileName, ".pptx", ex);
        }
    }

    private static ParsedDocument Read(Stream package, string fileName)
    {
        using var document = PresentationDocument.Open(package, isEditable: false);
        var presentationPart = document.PresentationPart ?? throw ParserErrors.Corrupt(fileName, "not a readable .pptx file: it has no presentation part");
        var blocks = new BlockCollector();
        var slideNumber = 0;
        string? firstSlideTitle = null;

        foreach (var slideId in presentationPart.Presentation?.SlideIdList?.Elements<SlideId>() ?? [])
        {
            if (slideId.RelationshipId?.Value is not { } id || presentationPart.GetPartById(id) is not SlidePart slidePart)
            {
                continue;
            }

            slideNumber++;
            if (slidePart.Slide?.CommonSlideData?.ShapeTree is { } tree)
            {
                var title = VisitShapes(tree, slideNumber, blocks, notesOnly: false);
                firstSlideTitle ??= title;
            }

            if (slidePart.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree is { } notes)
            {
                VisitShapes(notes, slideNumber, blocks, notesOnly: true);
            }
        }

        var result = blocks.RequireText(fileName);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pptx",
            ["slides"] = slideNumber.ToString(CultureInfo.InvariantCulture),
        };
        var properties = document.PackageProperties;
        if (!string.IsNullOrWhiteSpace(properties.Creator))
        {
            metadata["author"] = properties.Creator.Trim();
        }

        var documentTitle = !string.IsNullOrWhiteSpace(properties.Title) ? InlineText.Collapse(properties.Title) : firstSlideTitle ?? Path.GetFileName(fileName);
        return new ParsedDocument(null, documentTitle, result, metadata);
    }

    // Returns the slide title when one is found. In notes, only the body placeholder holds the speaker's text.
    private static string? VisitShapes(OpenXmlCompositeElement tree, int slide, BlockCollector blocks, bool notesOnly)
    {
        string? title = null;
        foreach (var element in tree.ChildElements)
        {
            switch (element)
            {
                case Shape shape when shape.TextBody is { } body:
                    var placeholder = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
                    if (notesOnly ? placeholder != PlaceholderValues.Body : IsBoilerplate(placeholder))
                    {
                        break;
                    }

                    if (!notesOnly && (placeholder == PlaceholderValues.Title || placeholder == PlaceholderValues.CenteredTitle))
                    {
                        var text = InlineText.Collapse(string.Join(' ', body.Elements<Drawing.Paragraph>().Select(TextOf)));
                        blocks.Add(BlockKind.Heading, text, 1, slide);
                        title ??= text.Length > 0 ? text : null;
                        break;
                    }

                    foreach (var paragraph in body.Elements<Drawing.Paragraph>())
                    {
                        blocks.Add(BlockKind.Paragraph, InlineText.Collapse(TextOf(paragraph)), page: slide);
                    }

                    break;
                case GroupShape group:
                    var groupTitle = VisitShapes(group, slide, blocks, notesOnly);
                    title ??= groupTitle;
                    break;
                case GraphicFrame frame when !notesOnly:
                    foreach (var row in frame.Descendants<Drawing.TableRow>())
                    {
                        var cells = row.Elements<Drawing.TableCell>()
                            .Select(cell => InlineText.Collapse(string.Join(' ', cell.Descendants<Drawing.Paragraph>().Select(TextOf))));
                        blocks.Add(BlockKind.TableRow, string.Join(" | ", cells), page: slide);
                    }

                    break;
                default:
                    break;
            }
        }

        return title;
    }

    private static bool IsBoilerplate(PlaceholderValues? placeholder) =>
        placeholder == PlaceholderValues.SlideNumber || placeholder == PlaceholderValues.DateAndTime
            || placeholder == PlaceholderValues.Footer || placeholder == PlaceholderValues.Header;

    private static string TextOf(Drawing.Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.ChildElements)
        {
            switch (element)
            {
                case Drawing.Run run:
                    builder.Append(run.Text?.Text);
                    break;
                case Drawing.Break:
                    builder.Append('\n');
                    break;
                case Drawing.Field field when field.Type?.Value?.StartsWith("slidenum", StringComparison.OrdinalIgnoreCase) != true:
                    builder.Append(field.Text?.Text);
                    break;
                default:
                    break;
            }
        }

        return builder.ToString();
    }
}
