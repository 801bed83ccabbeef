namespace Hunyu.Search.Fusion;

/// <summary>One id of a fused ranking.</summary>
/// <param name="Id">The id (a chunk's citation id).</param>
/// <param name="Score">The reciprocal-rank-fusion score; higher is better.</param>
/// <param name="LexicalRank">1-based rank in the lexical list; null when absent from it.</param>
/// <param name="DenseRank">1-based rank in the dense list; null when absent from it.</param>
public sealed record FusedHit(string Id, double Score, int? LexicalRank, int? DenseRank);
