namespace Hunyu.Core.Search;

/// <summary>Asks an internet search engine (SearXNG, Brave, Bing, SerpAPI, …) at query time, for live results from the web.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IWebSearchProvider
{
    /// <summary>The provider's configured name (e.g. <c>searxng</c>), used in warnings and errors.</summary>
    string Name { get; }

    /// <summary>Searches the web for <paramref name="query"/>.</summary>
    /// <param name="query">The question, as the user wrote it.</param>
    /// <param name="count">How many hits are wanted; an implementation may return fewer (its own limit, or the engine's).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's hits in its order, each with an absolute http(s) URL, and how many it returned that were left out.</returns>
    /// <exception cref="Errors.HunyuException">
    /// The engine failed or answered something unreadable (<c>source_unavailable</c>), did not answer in time
    /// (<c>timeout</c>), answered more than allowed (<c>too_large</c>), or its address is refused (<c>address_not_allowed</c>).
    /// The message names the provider, never its key.
    /// </exception>
    Task<WebSearchResult> SearchAsync(string query, int count, CancellationToken cancellationToken = default);
}
