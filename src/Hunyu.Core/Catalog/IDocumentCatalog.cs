using Hunyu.Core.Knowledge;

namespace Hunyu.Core.Catalog;

/// <summary>Document and chunk metadata. The content itself lives in the index.</summary>
public interface IDocumentCatalog
{
    /// <summary>The live documents of a source, by key: what an incremental ingest compares against.</summary>
    Task<IReadOnlyDictionary<string, DocumentState>> GetStatesAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records documents and their chunks, replacing earlier versions, and tombstones the given ids,
    /// all in one transaction. Called only after the index has committed the same change.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<DocumentWithChunks> upserts, IReadOnlyList<string> deletedDocumentIds, CancellationToken cancellationToken = default);

    /// <summary>One live document, or null.</summary>
    Task<Document?> GetAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>A page of live documents, newest first, optionally of one domain, with the total count.</summary>
    Task<DocumentPage> ListAsync(string? domain, int offset, int limit, CancellationToken cancellationToken = default);
}

/// <summary>What the catalog knows of a live document: enough to decide whether to re-index it.</summary>
public sealed record DocumentState(string DocumentId, string ContentHash, int Version, DateTimeOffset CreatedAt);

/// <summary>A document and the chunks cut from it.</summary>
public sealed record DocumentWithChunks(Document Document, IReadOnlyList<Chunk> Chunks);

/// <summary>A page of documents and the total number that matched.</summary>
public sealed record DocumentPage(int Total, IReadOnlyList<Document> Documents);
