namespace Hunyu.Ingestion.Governance;

/// <summary>
/// A step with state across documents (deduplication, site-wide boilerplate): the pipeline calls
/// <see cref="IGovernanceStep.Apply"/> one document at a time, in input order, so its decisions are deterministic
/// (the first document seen wins).
/// </summary>
/// <remarks>
/// <see cref="Prepare"/> does the step's work that needs no shared state (hashing, signatures) and is called for
/// many documents at once, always before <see cref="IGovernanceStep.Apply"/> of the same document.
/// </remarks>
public interface IOrderedGovernanceStep : IGovernanceStep
{
    /// <summary>Computes what <see cref="IGovernanceStep.Apply"/> will need, without touching shared state.</summary>
    /// <param name="document">The document as the previous steps left it.</param>
    void Prepare(GovernedDocument document);
}
