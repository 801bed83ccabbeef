using Hunyu.Core.Search;

namespace Hunyu.Search.Federation;

/// <summary>What one domain returned for a query: its ranked hits (best first), how many matched, its weight.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Hits">Ranked hits with the domain's own scores.</param>
/// <param name="TotalHits">Passages that matched in the domain.</param>
/// <param name="Weight">The domain's fusion weight.</param>
public sealed record DomainHits(string Domain, IReadOnlyList<SearchHit> Hits, int TotalHits, double Weight);
