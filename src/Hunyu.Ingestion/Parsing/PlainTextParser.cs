namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads plain text (.txt, .text, .log): paragraphs split at blank lines, encoding detected by <see cref="TextDecoder"/>.</summary>
/// <remarks>The title is the first non-empty line when it is at most <see cref="MaxTitleLength"/> characters, else the file name. Thread-safe.</remarks>
public sealed class PlainTextParser : IDocumentParser
{
    /// <summary>The longest first line taken as the title.</summary>
    public const int MaxTitleLength = 80;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text", ".log"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var decoded = TextDecoder.Decode(content, fileName);
        var blocks = new BlockCollector();
        foreach (var paragraph in SplitParagraphs(decoded.Text))
        {
            blocks.Add(BlockKind.Paragraph, paragraph);
        }

        var result = blocks.RequireText(fileName);
        var firstLine = result[0].Text.Split('\n', 2)[0].Trim();
        var title = firstLine.Length <= MaxTitleLength ? firstLine : Path.GetFileName(fileName);
        return [new ParsedDocument(null, title, result, Metadata("text", decoded))];
    }

    /// <summary>Splits text at blank (whitespace-only) lines; lines inside a paragraph keep their breaks.</summary>
    internal static IEnumerable<string> SplitParagraphs(string text)
    {
        var current = new List<string>();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0)
                {
                    yield return string.Join('\n', current);
                    current.Clear();
                }

                continue;
            }

            current.Add(line.TrimEnd());
        }

        if (current.Count > 0)
        {
            yield return string.Join('\n', current);
        }
    }

    /// <summary>The metadata every decoded-text format carries: format, encoding, and a warning when bytes were replaced.</summary>
    internal static Dictionary<string, string> Metadata(string format, DecodedText decoded)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = format, ["encoding"] = decoded.EncodingName };
        if (decoded.HasInvalidBytes)
        {
            metadata["encoding_warning"] = $"some bytes were not valid {decoded.EncodingName} and were replaced with U+FFFD";
        }

        return metadata;
    }
}
