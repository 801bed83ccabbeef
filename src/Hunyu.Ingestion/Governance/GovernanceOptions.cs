namespace Hunyu.Ingestion.Governance;

/// <summary>
/// What the governance pipeline does to the documents of one source or domain (configuration section
/// <c>Hunyu:Governance</c>). The defaults keep every ordinary document and drop only what is empty, broken,
/// machine-made or a duplicate.
/// </summary>
/// <remarks>Immutable; give each source its own copy with <c>with</c> to configure it differently.</remarks>
public sealed record GovernanceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Hunyu:Governance";

    /// <summary>Default of <see cref="MaxDocumentChars"/>: 50 million characters (about 150 MB of Chinese UTF-8).</summary>
    public const int DefaultMaxDocumentChars = 50_000_000;

    /// <summary>Default of <see cref="MaxDegreeOfParallelism"/>: one worker per core.</summary>
    public static int DefaultMaxDegreeOfParallelism => Environment.ProcessorCount;

    /// <summary>Documents longer than this (all blocks, in UTF-16 characters) are dropped by the <c>screen</c> step before any other work.</summary>
    /// <value>The default is 50,000,000; allowed 1–<see cref="int.MaxValue"/>.</value>
    public int MaxDocumentChars { get; init; } = DefaultMaxDocumentChars;

    /// <summary>Fold Traditional Chinese characters to Simplified in the governed text (for search: both scripts then meet in one form).</summary>
    /// <value>The default is false: the text keeps its script. Deduplication always compares folded text.</value>
    public bool FoldToSimplified { get; init; }

    /// <summary>Remove page headers, footers and page numbers repeated across the pages of a paged document (PDF, slides).</summary>
    /// <value>The default is true.</value>
    public bool RemovePageBoilerplate { get; init; } = true;

    /// <summary>Remove lines (navigation, footers) that most earlier documents of the same source repeat; only for <see cref="SiteBoilerplateFormats"/>.</summary>
    /// <value>The default is true.</value>
    public bool RemoveSiteBoilerplate { get; init; } = true;

    /// <summary>The <c>format</c> metadata values whose documents are checked for site-wide boilerplate.</summary>
    /// <value>The default is <c>html</c>: other formats (statutes, records) legitimately repeat lines across documents.</value>
    public IReadOnlyList<string> SiteBoilerplateFormats { get; init; } = ["html"];

    /// <summary>The quality filters.</summary>
    public QualityOptions Quality { get; init; } = new();

    /// <summary>Exact and near-duplicate detection.</summary>
    public DedupOptions Dedup { get; init; } = new();

    /// <summary>What happens to a document with a finding: dropped, or kept and reported.</summary>
    /// <value>The default drops every finding (<see cref="GovernanceActions.Strict"/>); <see cref="ForIngest"/> keeps near duplicates and quality findings.</value>
    public GovernanceActions Actions { get; init; } = new();

    /// <summary>Most documents processed at once by <see cref="GovernancePipeline.Run"/>.</summary>
    /// <value>The default is the number of cores; allowed 1–256.</value>
    public int MaxDegreeOfParallelism { get; init; } = DefaultMaxDegreeOfParallelism;

    /// <summary>
    /// The options an ingest starts from: these defaults with <see cref="GovernanceActions.Ingest"/>, so broken input and
    /// exact duplicates are dropped while near duplicates and quality findings are kept and reported.
    /// </summary>
    /// <remarks>A new instance each time: configuration binding sets properties in place.</remarks>
    public static GovernanceOptions ForIngest() => new() { Actions = GovernanceActions.Ingest };

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names the option and the range.</exception>
    public void Validate()
    {
        OptionRange.Check($"{Section}:{nameof(MaxDocumentChars)}", MaxDocumentChars, 1, int.MaxValue);
        OptionRange.Check($"{Section}:{nameof(MaxDegreeOfParallelism)}", MaxDegreeOfParallelism, 1, 256);
        ArgumentNullException.ThrowIfNull(SiteBoilerplateFormats, $"{Section}:{nameof(SiteBoilerplateFormats)}");
        ArgumentNullException.ThrowIfNull(Quality, $"{Section}:{nameof(Quality)}");
        ArgumentNullException.ThrowIfNull(Dedup, $"{Section}:{nameof(Dedup)}");
        ArgumentNullException.ThrowIfNull(Actions, $"{Section}:{nameof(Actions)}");
        Quality.Validate();
        Dedup.Validate();
        Actions.Validate();
    }
}
