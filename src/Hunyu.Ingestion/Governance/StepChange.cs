namespace Hunyu.Ingestion.Governance;

/// <summary>A change a step made to a document that it kept.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Detail">What changed, e.g. "removed 12 page headers/footers".</param>
public sealed record StepChange(string Step, string Detail);
