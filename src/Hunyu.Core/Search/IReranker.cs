namespace Hunyu.Core.Search;

/// <summary>
/// Scores passages against a question with a model that reads both together (a cross-encoder reranker), so the top
/// of a fused hit list can be reordered by meaning rather than by word overlap.
/// </summary>
/// <remarks>Implementations are thread-safe. Scores are comparable within one call only: each model has its own scale.</remarks>
public interface IReranker
{
    /// <summary>Scores every passage against <paramref name="query"/> and returns them best first.</summary>
    /// <param name="query">The question.</param>
    /// <param name="passages">The texts to score; <see cref="RerankScore.Index"/> points into this list.</param>
    /// <param name="top">Return only this many of the best; null returns a score for every passage.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// One score per passage (or the best <paramref name="top"/>), each passage at most once, ordered by descending score
    /// and, for equal scores, by ascending index. An empty list for no passages.
    /// </returns>
    /// <exception cref="Errors.HunyuException">
    /// The model failed or broke its protocol (<c>model_unavailable</c>), did not answer in time (<c>timeout</c>), or
    /// answered more than allowed (<c>too_large</c>). Nothing is returned then: a caller keeps its own order.
    /// </exception>
    Task<IReadOnlyList<RerankScore>> RerankAsync(string query, IReadOnlyList<string> passages, int? top = null, CancellationToken cancellationToken = default);
}
