namespace Hunyu.Ingestion.Governance;

/// <summary>The kept item that a new one duplicates.</summary>
/// <param name="DuplicateOf">The kept item's id.</param>
/// <param name="Kind">Exact or near.</param>
/// <param name="Similarity">1 for exact duplicates; the estimated Jaccard similarity for near ones.</param>
public sealed record DedupMatch(string DuplicateOf, DuplicateKind Kind, double Similarity);
