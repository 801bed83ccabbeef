namespace Hunyu.Ingestion.Parsing;

/// <summary>Turns the bytes of one file format into text blocks.</summary>
public interface IDocumentParser
{
    /// <summary>Lower-case file extensions this parser reads, with the dot (".pdf").</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>
    /// Parses <paramref name="content"/>: one document for most formats, one per record for record files
    /// (yielded lazily, so a large .jsonl streams).
    /// </summary>
    /// <exception cref="Core.Errors.HunyuException">The content is corrupt, undecodable or empty (<c>corrupt_input</c>, <c>empty_input</c>), naming the file.</exception>
    IEnumerable<ParsedDocument> Parse(Stream content, string fileName);
}
