namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Whether an identifier-shaped value passes its check character.</summary>
internal enum CheckOutcome
{
    /// <summary>Not shaped like the identifier at all.</summary>
    NoShape,

    /// <summary>Shaped like it, but the check character is wrong: a near miss, not PII.</summary>
    Failed,

    /// <summary>Shaped like it and the check character is right.</summary>
    Passed,
}
