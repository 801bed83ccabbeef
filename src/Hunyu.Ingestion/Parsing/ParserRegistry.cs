using System.Diagnostics.CodeAnalysis;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Finds the parser for a file by its extension (case-insensitive) and lists the supported extensions.</summary>
/// <remarks>Immutable after construction, so thread-safe; register it as a singleton.</remarks>
public sealed class ParserRegistry
{
    private readonly Dictionary<string, IDocumentParser> _byExtension = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry of the given parsers.</summary>
    /// <exception cref="ArgumentException">Two parsers claim the same extension, or an extension does not start with a dot.</exception>
    public ParserRegistry(IEnumerable<IDocumentParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        foreach (var parser in parsers)
        {
            foreach (var extension in parser.Extensions)
            {
                if (extension.Length < 2 || extension[0] != '.')
                {
                    throw new ArgumentException($"{parser.GetType().Name}: extension '{extension}' must start with a dot, e.g. \".pdf\"", nameof(parsers));
                }

                if (!_byExtension.TryAdd(extension, parser))
                {
                    throw new ArgumentException($"{extension} is claimed by both {_byExtension[extension].GetType().Name} and {parser.GetType().Name}", nameof(parsers));
                }
            }
        }

        SupportedExtensions = [.. _byExtension.Keys.Select(extension => extension.ToLowerInvariant()).Order(StringComparer.Ordinal)];
    }

    /// <summary>Lower-case extensions with the dot, sorted: ".csv", ".docx", ….</summary>
    public IReadOnlyList<string> SupportedExtensions { get; }

    /// <summary>A registry of every built-in parser with default limits.</summary>
    public static ParserRegistry CreateDefault() => new(
    [
        new PlainTextParser(),
        new MarkdownParser(),
        new HtmlDocumentParser(),
        new PdfDocumentParser(),
        new WordDocumentParser(),
        new SpreadsheetParser(),
        new PresentationParser(),
        new CsvParser(),
        new JsonParser(),
        new JsonLinesParser(),
    ]);

    /// <summary>True when a parser reads files with <paramref name="fileName"/>'s extension.</summary>
    public bool TryGetParser(string fileName, [NotNullWhen(true)] out IDocumentParser? parser)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var extension = Path.GetExtension(fileName);
        parser = null;
        return extension.Length > 0 && _byExtension.TryGetValue(extension, out parser);
    }

    /// <summary>The parser for <paramref name="fileName"/>'s extension.</summary>
    /// <exception cref="HunyuException"><c>unsupported_format</c>, naming the file, its extension and the supported ones.</exception>
    public IDocumentParser GetParser(string fileName)
    {
        if (TryGetParser(fileName, out var parser))
        {
            return parser;
        }

        var extension = Path.GetExtension(fileName);
        var what = extension.Length > 0 ? $"{extension.ToLowerInvariant()} is not a supported format" : "a file without an extension is not a supported format";
        throw new HunyuException(ErrorCode.UnsupportedFormat, $"{fileName}: {what}; supported: {string.Join(", ", SupportedExtensions)}");
    }

    /// <summary>Parses <paramref name="content"/> with the parser for <paramref name="fileName"/>.</summary>
    /// <exception cref="HunyuException"><c>unsupported_format</c>, or the parser's own errors.</exception>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName) => GetParser(fileName).Parse(content, fileName);
}
