using Hunyu.Core.Search;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>POST /api/search</c>.</summary>
/// <param name="Hits">Ranked hits, best first.</param>
/// <param name="TotalHits">How many passages matched.</param>
/// <param name="DomainCounts">Matching passages per searched domain (facets).</param>
/// <param name="Routing">Which domains the question went to, and why.</param>
/// <param name="Warnings">Domains that could not answer; the hits come from the others.</param>
/// <param name="ElapsedMs">Time spent searching, in milliseconds.</param>
public sealed record SearchResponse(IReadOnlyList<HitResponse> Hits, int TotalHits, IReadOnlyDictionary<string, int> DomainCounts, string Routing, IReadOnlyList<WarningResponse> Warnings, double ElapsedMs)
{
    /// <summary>The response form of <paramref name="result"/>.</summary>
    public static SearchResponse From(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            [.. result.Hits.Select(HitResponse.From)],
            result.TotalHits,
            result.DomainCounts,
            result.Routing,
            [.. result.Warnings.Select(WarningResponse.From)],
            Math.Round(result.Elapsed.TotalMilliseconds, 2));
    }
}
