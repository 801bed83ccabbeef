namespace Hunyu.Core.Search;

/// <summary>Searches the knowledge base for passages a principal may see.</summary>
public interface IKnowledgeSearcher
{
    /// <summary>Runs <paramref name="request"/> and returns ranked, permitted hits.</summary>
    /// <exception cref="Errors.HunyuException">The query is empty or too long (<c>invalid_query</c>, <c>query_too_long</c>).</exception>
    Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);
}
