using Hunyu.Core.Security;
using Hunyu.Hosting.Export;
using Hunyu.Search.Lucene;

namespace Hunyu.Hosting;

/// <content>Reading one document whole.</content>
public sealed partial class KnowledgeBase
{
    /// <summary>
    /// One document and its indexed text if it exists and <paramref name="principal"/> may see it (as
    /// <see cref="GetDocumentAsync"/>); null otherwise (the two are not told apart). The text is masked for a principal
    /// without PII clearance.
    /// </summary>
    public async Task<DocumentText?> ReadDocumentAsync(string documentId, Principal principal, CancellationToken cancellationToken = default)
    {
        if (await GetDocumentAsync(documentId, principal, cancellationToken) is not { } document)
        {
            return null;
        }

        // The text lives in the index only; a document whose index is gone reads as empty rather than failing.
        using var lease = _indexes.GetExisting(document.Domain)?.Acquire();
        var chunks = lease is null ? [] : StoredChunks.Read(lease.Searcher, document.Id);
        var text = ChunkJoiner.Join(chunks).Text;
        return new DocumentText(document, MaskerFor(principal)?.Mask(text) ?? text, chunks.Count);
    }
}
