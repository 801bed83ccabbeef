using Hunyu.Core.Search;

namespace Hunyu.Search.Federation;

/// <summary>What one domain returned for a query: its ranked hits (best first), how many matched, its weight.</summary>
/// <remarks>With hybrid search, <see cref="Dense"/> holds the domain's nearest chunks by embedding, best first.</remarks>
/// <param name="Domain">The domain.</param>
/// <param name="Hits">Ranked hits with the domain's own scores.</param>
/// <param name="TotalHits">Passages that matched in the domain.</param>
/// <param name="Weight">The domain's fusion weight.</param>
public sealed record DomainHits(string Domain, IReadOnlyList<Candidate> Hits, int TotalHits, double Weight)
{
    /// <summary>The domain's nearest chunks by embedding (cosine scores), best first; empty without hybrid search.</summary>
    public IReadOnlyList<SearchHit> Dense { get; init; } = [];

    /// <summary>True when the hits carry an order but no comparable scores (a web search engine's results).</summary>
    public bool RankOnly { get; init; }
}
