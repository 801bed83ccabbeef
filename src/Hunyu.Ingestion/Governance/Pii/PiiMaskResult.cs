namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The text after <see cref="PiiMasker.Apply"/>, and what the policy asks of its chunk and document.</summary>
public sealed class PiiMaskResult
{
    /// <summary>The text with masked values; the same length as the input, so offsets into it stay valid.</summary>
    public required string Text { get; init; }

    /// <summary>How many matches were masked (by <see cref="PiiAction.Mask"/> or <see cref="PiiAction.DropChunk"/>).</summary>
    public int Masked { get; init; }

    /// <summary>The types whose policy is <see cref="PiiAction.DropChunk"/> that occur in the text.</summary>
    public IReadOnlySet<PiiType> DropChunkTypes { get; init; } = new HashSet<PiiType>();

    /// <summary>The types whose policy is <see cref="PiiAction.FlagDocument"/> that occur in the text.</summary>
    public IReadOnlySet<PiiType> FlagDocumentTypes { get; init; } = new HashSet<PiiType>();

    /// <summary>Whether the chunk holding this text must be dropped.</summary>
    public bool DropChunk => DropChunkTypes.Count > 0;

    /// <summary>Whether the document holding this text must be flagged as sensitive.</summary>
    public bool FlagDocument => FlagDocumentTypes.Count > 0;
}
