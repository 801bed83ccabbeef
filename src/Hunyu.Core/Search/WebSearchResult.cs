namespace Hunyu.Core.Search;

/// <summary>What one web search returned.</summary>
/// <param name="Hits">The hits, in the engine's order (best first), each URL once.</param>
/// <param name="Dropped">
/// Results the engine returned that were left out, so none disappears unnoticed: no absolute http(s) URL (relative,
/// <c>javascript:</c>, <c>ftp:</c>, missing), not an object, or a URL already listed.
/// </param>
public sealed record WebSearchResult(IReadOnlyList<WebSearchHit> Hits, int Dropped);
