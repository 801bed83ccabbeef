using Hunyu.Ingestion.Parsing;
using Knowledge = Hunyu.Core.Knowledge;

namespace Hunyu.Ingestion.Governance;

/// <summary>A document on its way through the governance pipeline: the parsed original and the steps' work on it.</summary>
/// <remarks>
/// Steps replace <see cref="Title"/> and <see cref="Blocks"/>; the pipeline hands a document to one step at a time, so
/// the class needs no locking. After the pipeline, <see cref="ToParsedDocument"/> gives what the chunker takes.
/// </remarks>
public sealed class GovernedDocument
{
    // PERF: created on first use; most documents pass every step without a finding, PII or added metadata.
    private List<StepChange>? _changes;
    private List<PiiEntry>? _pii;
    private List<(int Start, int End, string Reason)>? _withheld;
    private Dictionary<string, string>? _metadata;
    private List<FindingEntry>? _findings;
    private string? _text;

    /// <summary>Starts governing <paramref name="parsed"/> under the id <paramref name="id"/>.</summary>
    /// <param name="id">The id used in reports and by the dedup index: the document key (<c>file</c> or <c>file#record</c>) or document id.</param>
    /// <param name="parsed">The parser's output.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="parsed"/> is null.</exception>
    public GovernedDocument(string id, ParsedDocument parsed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(parsed);
        Id = id;
        Parsed = parsed;
        Title = parsed.Title ?? string.Empty;
        Blocks = parsed.Blocks ?? [];
    }

    /// <summary>The document's id in reports and in the dedup index.</summary>
    public string Id { get; }

    /// <summary>The document's key in its source when <see cref="Id"/> is not it (an ingest governs by document id); copied into report entries.</summary>
    public string? Key { get; init; }

    /// <summary>The parser's output, unchanged (metadata, ACL and record key come from here).</summary>
    public ParsedDocument Parsed { get; }

    /// <summary>The title as the steps left it.</summary>
    public string Title { get; set; }

    /// <summary>The text blocks as the steps left them, in reading order.</summary>
    public IReadOnlyList<TextBlock> Blocks
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
            _text = null;
        }
    }

    /// <summary>The blocks' text joined by "\n" (the chunker's extracted text once the blocks are normalised).</summary>
    public string Text => _text ??= string.Join('\n', Blocks.Select(block => block.Text));

    /// <summary>The total length of the blocks' text, without building <see cref="Text"/>.</summary>
    public long Length
    {
        get
        {
            // PERF: asked by several steps for every document; a loop, not LINQ.
            long length = 0;
            foreach (var block in Blocks)
            {
                length += block.Text?.Length ?? 0;
            }

            return length;
        }
    }

    /// <summary>The detected language: <c>zh</c>, <c>en</c> or <c>other</c>; null until the quality step ran.</summary>
    public string? Language { get; set; }

    /// <summary>What the steps changed, in step order.</summary>
    public IReadOnlyList<StepChange> Changes => _changes ?? [];

    /// <summary>Personal information found by a PII step, with offsets into <see cref="Text"/>.</summary>
    public IReadOnlyList<PiiEntry> Pii => _pii ?? [];

    /// <summary>Ranges of <see cref="Text"/> whose chunks must not be indexed (e.g. personal data under a drop policy), with why.</summary>
    public IReadOnlyList<(int Start, int End, string Reason)> Withheld => _withheld ?? [];

    /// <summary>What steps found wrong with the document without dropping it (their action is <see cref="FindingAction.Report"/>).</summary>
    public IReadOnlyList<FindingEntry> Findings => _findings ?? [];

    /// <summary>The earlier kept document this one duplicates, when it was kept anyway (<see cref="DuplicateEntry.Kept"/>); null otherwise.</summary>
    public DuplicateEntry? DuplicateOf { get; internal set; }

    /// <summary>The dedup fingerprint computed by <see cref="DedupStep.Prepare"/>; null before.</summary>
    internal DedupFingerprint? Fingerprint { get; set; }

    /// <summary>The hashes of the document's short lines computed by <see cref="SiteBoilerplateStep.Prepare"/>; null before.</summary>
    internal ulong[]? LineHashes { get; set; }

    /// <summary>Records personal information of type <paramref name="type"/> at <c>Text[start..end]</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or reversed, or <paramref name="start"/> is negative.</exception>
    public void AddPii(string type, int start, int end)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        (_pii ??= []).Add(new PiiEntry(Id, type, start, end));
    }

    /// <summary>Withholds the chunks overlapping <c>Text[start..end]</c> from the index, for <paramref name="reason"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or reversed, or <paramref name="start"/> is negative.</exception>
    public void Withhold(int start, int end, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        (_withheld ??= []).Add((start, end, reason));
    }

    /// <summary>The chunks of this document that overlap no withheld range (see <see cref="Withhold"/>).</summary>
    public IReadOnlyList<Knowledge.Chunk> WithoutWithheld(IReadOnlyList<Knowledge.Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return _withheld is null ? chunks : [.. chunks.Where(c => !_withheld.Exists(w => w.Start < c.EndOffset && c.StartOffset < w.End))];
    }

    /// <summary>Sets a metadata field on the governed document (e.g. <c>sensitive</c>), over the parser's.</summary>
    public void SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        (_metadata ??= new(StringComparer.Ordinal))[key] = value;
    }

    /// <summary>The governed document in the parser's shape, for the chunker: governed title and blocks, original metadata (with what steps set), ACL and key.</summary>
    public ParsedDocument ToParsedDocument() => _metadata is null
        ? Parsed with { Title = Title, Blocks = Blocks }
        : Parsed with { Title = Title, Blocks = Blocks, Metadata = Parsed.Metadata.Concat(_metadata).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal) };

    internal void AddChange(string step, string detail) => (_changes ??= []).Add(new StepChange(step, detail));

    internal void AddFinding(string step, string reason) => (_findings ??= []).Add(new FindingEntry(Id, step, reason, GovernanceLevel.Document) { Key = Key });
}
