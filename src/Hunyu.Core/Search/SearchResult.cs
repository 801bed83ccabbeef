namespace Hunyu.Core.Search;

/// <summary>The ranked hits of one search and what the caller should know about how it went.</summary>
/// <param name="Hits">Ranked hits, best first.</param>
/// <param name="TotalHits">How many passages matched (the principal may see all of them).</param>
/// <param name="Warnings">Problems that did not fail the search, e.g. a domain that could not be read.</param>
/// <param name="Elapsed">Wall time spent.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, int TotalHits, IReadOnlyList<SearchWarning> Warnings, TimeSpan Elapsed)
{
    /// <summary>Matching passages per searched domain (facets); a domain that failed is absent.</summary>
    public IReadOnlyDictionary<string, int> DomainCounts { get; init; } = new Dictionary<string, int>();

    /// <summary>The domains the question was sent to, and why (the router's visible choice).</summary>
    public string Routing { get; init; } = string.Empty;
}

/// <summary>A problem in one part of a search that the rest survived.</summary>
/// <param name="Domain">The domain concerned.</param>
/// <param name="Code">Stable error code.</param>
/// <param name="Message">What went wrong.</param>
public sealed record SearchWarning(string Domain, string Code, string Message);
