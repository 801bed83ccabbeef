using System.Globalization;
using Hunyu.Core.Search;
using Hunyu.Search.Lucene;
using Hunyu.Search.Vectors;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.AI;

namespace Hunyu.Search.Hybrid;

/// <summary>
/// The dense half of hybrid search: embeds the question once, then finds each domain's nearest permitted chunks in its
/// vector store and reads them back from the lexical index (which holds their text and is the source of truth).
/// </summary>
/// <remarks>Thread-safe.</remarks>
/// <param name="stores">The domains' vector stores of <paramref name="model"/>.</param>
/// <param name="model">The embedding model.</param>
public sealed class DenseRetriever(VectorStoreSet stores, EmbeddingModel model)
{
    /// <summary>The model's id.</summary>
    public string Model => model.Id;

    /// <summary>The question's embedding.</summary>
    /// <exception cref="Core.Errors.HunyuException">The model failed (<c>model_unavailable</c>).</exception>
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string question, CancellationToken cancellationToken)
    {
        try
        {
            var embedding = await model.Generator.GenerateAsync([question], cancellationToken: cancellationToken);
            return embedding[0].Vector;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw HybridChunkIndex.Unavailable(model, e);
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> chunks of <paramref name="domain"/> nearest to <paramref name="query"/> among those
    /// <paramref name="filter"/> permits (null: all), scored by cosine similarity; empty when the domain has no vectors.
    /// </summary>
    /// <exception cref="Core.Errors.HunyuException">The domain's store cannot be opened or holds another model's vectors (<c>store_unavailable</c>).</exception>
    public IReadOnlyList<SearchHit> Search(string domain, IndexSearcher searcher, ReadOnlyMemory<float> query, Filter? filter, int limit, bool explain)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        if (stores.GetExisting(domain) is not { } store)
        {
            return [];
        }

        // SECURITY: the principal's access is evaluated by the same Lucene filter as lexical search and applied
        // inside the vector search, before ranking.
        var permitted = filter is null ? VectorFilter.Everything : VectorFilter.DocumentIds(StoredHits.DocumentIds(searcher, filter));
        var hits = new List<SearchHit>();
        foreach (var nearest in store.Search(query.Span, limit, permitted))
        {
            var top = searcher.Search(new TermQuery(new Term(IndexFields.ChunkId, nearest.ChunkId)), filter, 1);
            // A vector without its chunk (a crash between the two commits) is never shown.
            if (top.ScoreDocs.Length == 1)
            {
                var why = explain ? string.Create(CultureInfo.InvariantCulture, $"cosine similarity {nearest.Score:0.####} to the question ({model.Id})") : null;
                hits.Add(StoredHits.Read(searcher, top.ScoreDocs[0].Doc, nearest.Score, why));
            }
        }

        return hits;
    }
}
