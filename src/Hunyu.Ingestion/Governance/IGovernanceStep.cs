namespace Hunyu.Ingestion.Governance;

/// <summary>One step of the governance pipeline: looks at a document, changes it, or drops it with a reason.</summary>
/// <remarks>
/// <see cref="Apply"/> is called for many documents at once on different threads (never twice at once for the same
/// document), so a plain step must hold no state between documents. A step that needs cross-document state implements
/// <see cref="IOrderedGovernanceStep"/> instead.
/// </remarks>
public interface IGovernanceStep
{
    /// <summary>The step's name in reports (snake_case, e.g. <c>normalize</c>, <c>dedup</c>).</summary>
    string Name { get; }

    /// <summary>Applies the step to one document.</summary>
    /// <param name="document">The document as the previous steps left it; the step may replace its title and blocks.</param>
    /// <returns>What the step did: nothing, a change (with what changed), a drop (with why) or a duplicate.</returns>
    StepResult Apply(GovernedDocument document);
}
