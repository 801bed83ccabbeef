using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Search.Vectors;
using Microsoft.Extensions.AI;

namespace Hunyu.Search.Hybrid;

/// <summary>
/// One domain's lexical index and vector store written as one: a replaced document's chunks are embedded when the
/// batch commits (one call to the model for the whole batch), then the vectors commit, then the lexical index.
/// </summary>
/// <remarks>
/// <para>A crash between the two commits leaves vectors of documents the catalog never recorded; the next run replaces
/// them, and a vector whose chunk is not in the lexical index is never shown (hits are read from the lexical index).</para>
/// <para>When the model fails, the commit fails with <c>model_unavailable</c> and nothing of the batch is kept: the
/// ingest rolls back, and running it again when the model is back embeds what is missing.</para>
/// <para>One writer at a time, as for <see cref="IChunkIndex"/>.</para>
/// </remarks>
/// <param name="lexical">The domain's lexical index.</param>
/// <param name="vectors">The domain's vector store.</param>
/// <param name="model">The model that embeds the passages.</param>
public sealed class HybridChunkIndex(IChunkIndex lexical, DomainVectorStore vectors, EmbeddingModel model) : IChunkIndex
{
    private readonly Dictionary<string, (string[] ChunkIds, string[] Texts)> _staged = new(StringComparer.Ordinal);
    private readonly System.Threading.Lock _gate = new();

    /// <inheritdoc />
    public void Replace(Document document, IReadOnlyList<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        lexical.Replace(document, chunks);
        lock (_gate)
        {
            _staged[document.Id] = ([.. chunks.Select(c => c.CitationId)], [.. chunks.Select(c => SearchableText.Of(document, c))]);
        }
    }

    /// <inheritdoc />
    public void Delete(string documentId)
    {
        lexical.Delete(documentId);
        lock (_gate)
        {
            _staged.Remove(documentId);
            vectors.Delete(documentId);
        }
    }

    /// <inheritdoc />
    /// <remarks>The vectors carry no ACL: dense search admits the chunks the lexical index's ACL filter admits.</remarks>
    public void SetAccess(string documentId, Acl effective) => lexical.SetAccess(documentId, effective);

    /// <inheritdoc />
    /// <exception cref="HunyuException">The model failed (<c>model_unavailable</c>); nothing was committed.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        KeyValuePair<string, (string[] ChunkIds, string[] Texts)>[] staged;
        lock (_gate)
        {
            staged = [.. _staged];
            _staged.Clear();
        }

        var embeddings = await EmbedAsync(staged.SelectMany(s => s.Value.Texts).ToList(), cancellationToken);
        var next = 0;
        foreach (var (documentId, (chunkIds, _)) in staged)
        {
            vectors.Replace(documentId, [.. chunkIds.Select(id => new VectorEntry(id, embeddings[next++].Vector))]);
        }

        // Vectors first: a crash after them leaves the previous lexical commit, which the catalog agrees with.
        await vectors.CommitAsync(cancellationToken);
        await lexical.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void DiscardUncommitted()
    {
        lock (_gate)
        {
            _staged.Clear();
        }

        vectors.DiscardUncommitted();
        lexical.DiscardUncommitted();
    }

    /// <inheritdoc />
    public IReadOnlySet<string> DocumentIdsOf(string sourceId) => lexical.DocumentIdsOf(sourceId);

    /// <inheritdoc />
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await vectors.CompactAsync(cancellationToken);
        await lexical.CompactAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<Embedding<float>>> EmbedAsync(List<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await model.Generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(model, e);
        }

        if (embeddings.Count != texts.Count)
        {
            throw new HunyuException(ErrorCode.ModelUnavailable, $"embeddings ({model.Id}): {texts.Count} passages sent, {embeddings.Count} vectors returned");
        }

        return embeddings;
    }

    /// <summary>The error for a failed embedding call: names the model and keeps the provider's own words (which carry no secrets).</summary>
    internal static HunyuException Unavailable(EmbeddingModel model, Exception e) =>
        new(ErrorCode.ModelUnavailable, $"embeddings ({model.Id}): {(e is HunyuException ? e.Message : $"{e.GetType().Name}: {e.Message}")}", e);
}
