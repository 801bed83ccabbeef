using System.Globalization;
using Hunyu.Core.Errors;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads PDF with PdfPig: one paragraph block per paragraph of each page, in content order, with the page number.</summary>
/// <remarks>
/// Paragraphs are PdfPig's <see cref="ContentOrderTextExtractor"/> paragraphs (split where the line gap grows); lines inside a
/// paragraph are joined with a space, except between CJK characters, and spaces PdfPig puts between CJK glyphs are dropped.
/// The title is the document information Title, else the file name. Metadata: <c>pages</c> (the document's page count)
/// and, when more than the page limit, <c>pages_read</c> and a <c>warning</c>. Thread-safe.
/// </remarks>
public sealed class PdfDocumentParser : IDocumentParser
{
    private readonly int _maxPages;

    /// <summary>Creates the parser with the default page limit (<see cref="IngestionLimits.MaxPdfPages"/>).</summary>
    public PdfDocumentParser()
        : this(IngestionLimits.MaxPdfPages)
    {
    }

    /// <summary>Creates the parser reading at most <paramref name="maxPages"/> pages of each file.</summary>
    public PdfDocumentParser(int maxPages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPages);
        _maxPages = maxPages;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();

        var blocks = new BlockCollector();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pdf" };
        string? infoTitle;
        try
        {
            using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            var pageCount = document.NumberOfPages;
            metadata["pages"] = pageCount.ToString(CultureInfo.InvariantCulture);
            infoTitle = document.Information.Title;
            AddInfo(metadata, "author", document.Information.Author);
            AddInfo(metadata, "subject", document.Information.Subject);
            AddInfo(metadata, "keywords", document.Information.Keywords);

            var pagesToRead = Math.Min(pageCount, _maxPages);
            if (pagesToRead < pageCount)
            {
                metadata["pages_read"] = pagesToRead.ToString(CultureInfo.InvariantCulture);
                metadata["warning"] = string.Create(
                    CultureInfo.InvariantCulture,
                    $"only the first {pagesToRead:N0} of {pageCount:N0} pages were read; limit is {_maxPages:N0} pages (IngestionLimits.MaxPdfPages)");
            }

            var options = new ContentOrderTextExtractor.Options { SeparateParagraphsWithDoubleNewline = true, ReplaceWhitespaceWithSpace = true };
            for (var number = 1; number <= pagesToRead; number++)
            {
                var page = document.GetPage(number);
                var text = ContentOrderTextExtractor.GetText(page, options);
                foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    blocks.Add(BlockKind.Paragraph, InlineText.Collapse(paragraph, dropAllCjkGaps: true), page: number);
                }
            }
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw ParserErrors.Corrupt(fileName, "is encrypted and needs a password", ex);
        }
        catch (Exception ex) when (ex is not (HunyuException or OperationCanceledException or OutOfMemoryException))
        {
            // SECURITY: hostile or damaged PDFs make PdfPig throw many exception types (format, cast, index, overflow);
            // every one of them means "cannot read this file", reported with PdfPig's first line.
            throw ParserErrors.Corrupt(fileName, $"not a readable PDF: {ParserErrors.OneLine(ex.Message)}", ex);
        }

        var result = blocks.RequireText(fileName, "no text layer: scanned pages need OCR");
        var title = string.IsNullOrWhiteSpace(infoTitle) ? Path.GetFileName(fileName) : InlineText.Collapse(infoTitle);
        return [new ParsedDocument(null, title, result, metadata)];
    }

    private static void AddInfo(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            metadata[key] = InlineText.Collapse(value);
        }
    }
}
