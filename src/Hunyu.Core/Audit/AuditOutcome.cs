namespace Hunyu.Core.Audit;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>It succeeded.</summary>
    Ok,

    /// <summary>It was refused: the caller may not do it.</summary>
    Denied,

    /// <summary>It was attempted and failed; the entry's code says why.</summary>
    Failed,
}
