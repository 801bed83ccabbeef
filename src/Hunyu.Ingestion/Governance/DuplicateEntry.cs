namespace Hunyu.Ingestion.Governance;

/// <summary>A report entry: an item dropped as a duplicate of a kept one.</summary>
/// <param name="Id">The dropped item's id.</param>
/// <param name="DuplicateOf">The kept item's id.</param>
/// <param name="Kind">Exact or near.</param>
/// <param name="Similarity">1 for exact; the estimated Jaccard similarity for near duplicates, rounded to 3 digits.</param>
/// <param name="Level">Document or chunk.</param>
public sealed record DuplicateEntry(string Id, string DuplicateOf, DuplicateKind Kind, double Similarity, GovernanceLevel Level);
