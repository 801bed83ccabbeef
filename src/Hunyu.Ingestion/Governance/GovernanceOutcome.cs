namespace Hunyu.Ingestion.Governance;

/// <summary>What the pipeline did with one document: kept (with its changes), dropped (with step and reason), or a duplicate.</summary>
public sealed class GovernanceOutcome
{
    internal GovernanceOutcome(GovernedDocument document, DroppedEntry? dropped, DuplicateEntry? duplicate)
    {
        Document = document;
        Dropped = dropped;
        Duplicate = duplicate;
    }

    /// <summary>The document as the steps left it (for a dropped one, as it was when dropped).</summary>
    public GovernedDocument Document { get; }

    /// <summary>True when the document goes on to chunking and indexing.</summary>
    public bool Kept => Dropped is null && Duplicate is null;

    /// <summary>Why a step dropped the document; null when it was kept or is a duplicate.</summary>
    public DroppedEntry? Dropped { get; }

    /// <summary>The kept document this one duplicates; null when it was kept or dropped for another reason.</summary>
    public DuplicateEntry? Duplicate { get; }

    /// <summary>True when the document was dropped because a step failed on it (threw), not for a finding: the input may be fine, the pipeline was not.</summary>
    public bool Failed { get; internal init; }

    /// <summary>The chunk-level result, when the pipeline chunked the document (<see cref="GovernancePipeline.Run"/> with a chunker).</summary>
    public ChunkGovernance? Chunks { get; internal set; }
}
