namespace Hunyu.Core.Search;

/// <summary>One retrieved passage with everything needed to show and cite it.</summary>
public sealed record SearchHit
{
    /// <summary>The flag of a passage the injection screener found instructions aimed at a model in.</summary>
    public const string PromptInjectionFlag = "prompt_injection";

    /// <summary>1-based rank in the result list.</summary>
    public required int Rank { get; init; }

    /// <summary>Relevance score (higher is better; comparable within one result list).</summary>
    public required double Score { get; init; }

    /// <summary>Stable citation id of the passage (<c>documentId:ordinal</c>).</summary>
    public required string CitationId { get; init; }

    /// <summary>The document id.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The document key within its source (relative path or <c>path#record</c>).</summary>
    public required string DocumentKey { get; init; }

    /// <summary>Ordinal of the chunk within the document.</summary>
    public required int ChunkOrdinal { get; init; }

    /// <summary>The domain the hit came from.</summary>
    public required string Domain { get; init; }

    /// <summary>The source the hit came from.</summary>
    public required string SourceId { get; init; }

    /// <summary>Document title.</summary>
    public required string Title { get; init; }

    /// <summary>Where to open the original.</summary>
    public required string Uri { get; init; }

    /// <summary>Headings above the passage, joined by " > ".</summary>
    public string SectionPath { get; init; } = string.Empty;

    /// <summary>1-based page, when the format has pages.</summary>
    public int? Page { get; init; }

    /// <summary>The full passage text.</summary>
    public required string Text { get; init; }

    /// <summary>A short extract with query terms wrapped in <c>&lt;em&gt;</c>; the passage start when highlighting is off.</summary>
    public required string Snippet { get; init; }

    /// <summary>Character offsets of the passage in the document's extracted text.</summary>
    public int StartOffset { get; init; }

    /// <summary>Exclusive end offset of the passage.</summary>
    public int EndOffset { get; init; }

    /// <summary>The document's structured fields: a SQL row's columns, a record's other fields, a file's format metadata.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// True when governance flagged the passage's document as sensitive (metadata <c>sensitive=true</c>, e.g. it holds
    /// PII): model routing then keeps the passage away from cloud models.
    /// </summary>
    public bool Sensitive { get; init; }

    /// <summary>
    /// What answer-time screening found in the passage: <see cref="PromptInjectionFlag"/> followed by its reasons
    /// (e.g. <c>override_instructions</c>); empty when nothing.
    /// Shown to administrators only: the knowledge base clears it for everyone else.
    /// </summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Why it ranked, when explain was asked for.</summary>
    public string? Explanation { get; init; }
}
