namespace Hunyu.Ingestion.Governance;

/// <summary>Which duplicates a dedup index keeps as items of their own (reported, and indexed) instead of dropping them.</summary>
[Flags]
public enum KeptDuplicates
{
    /// <summary>Every duplicate is dropped: only its kept original stays in the index.</summary>
    None = 0,

    /// <summary>Exact duplicates are kept too.</summary>
    Exact = 1,

    /// <summary>Near duplicates are kept too.</summary>
    Near = 2,
}
