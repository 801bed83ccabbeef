namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>What a <see cref="PiiPolicy"/> does with one kind of match.</summary>
public enum PiiAction
{
    /// <summary>Leave the text as it is.</summary>
    Keep,

    /// <summary>Replace the middle of the value with '*', keeping a short prefix and suffix (e.g. 110105********1234).</summary>
    Mask,

    /// <summary>Drop the chunk that holds it (the text is also masked, so a report never carries it).</summary>
    DropChunk,

    /// <summary>Keep the text but flag the whole document as sensitive, for access control and model routing.</summary>
    FlagDocument,
}
