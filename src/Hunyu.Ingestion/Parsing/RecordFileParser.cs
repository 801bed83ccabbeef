namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// The shared shape of record-file parsers (.csv, .json, .jsonl): a record limit, the two <c>Parse</c>
/// overloads, and bad records reported one by one through <see cref="RecordFile"/>.
/// </summary>
public abstract class RecordFileParser : IRecordParser
{
    private readonly int _maxRecords;

    /// <summary>Creates the parser reading at most <paramref name="maxRecords"/> records per file.</summary>
    private protected RecordFileParser(int maxRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        _maxRecords = maxRecords;
    }

    /// <inheritdoc/>
    public abstract IReadOnlyCollection<string> Extensions { get; }

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName) => ParseCore(content, fileName, problems: null);

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName, ICollection<ParseProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return ParseCore(content, fileName, problems);
    }

    /// <summary>Reads the file's records; a failure of the whole file throws, a bad record is an outcome with a problem.</summary>
    private protected abstract IEnumerable<RecordOutcome> ReadRecords(Stream content, string fileName);

    private IEnumerable<ParsedDocument> ParseCore(Stream content, string fileName, ICollection<ParseProblem>? problems)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return RecordFile.Run(ReadRecords(content, fileName), fileName, problems, _maxRecords);
    }
}
