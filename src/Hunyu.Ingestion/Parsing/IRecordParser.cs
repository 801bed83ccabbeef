namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// A parser of record files (.csv, .json, .jsonl) that can hand bad records to the caller instead of failing.
/// </summary>
/// <remarks>
/// Through plain <see cref="IDocumentParser.Parse"/>, every good record is yielded first and the bad ones are reported
/// by one <see cref="Core.Errors.HunyuException"/> thrown at the end of the enumeration: <c>partial_failure</c> when
/// some records were read, the problem's own code (<c>corrupt_input</c>) when none was. A caller that stores records as
/// they arrive loses none; a caller that buffers (<c>ToList()</c>) should use this overload instead.
/// </remarks>
public interface IRecordParser : IDocumentParser
{
    /// <summary>
    /// Parses lazily, adding each bad record to <paramref name="problems"/> (before the next good record is yielded)
    /// instead of throwing; the enumeration then ends normally.
    /// </summary>
    /// <exception cref="Core.Errors.HunyuException">The file as a whole is unreadable (binary, not JSON at all) or has no records at all (<c>empty_input</c>).</exception>
    IEnumerable<ParsedDocument> Parse(Stream content, string fileName, ICollection<ParseProblem> problems);
}
