using System.Globalization;
using Hunyu.Core.Knowledge;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Lucene;

/// <summary>Reads the chunks of one document back from a domain index, as they were indexed (governed text, offsets kept).</summary>
public static class StoredChunks
{
    private static readonly ISet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
    {
        IndexFields.ChunkId, IndexFields.Text, IndexFields.Section, IndexFields.Page, IndexFields.Start, IndexFields.End,
    };

    /// <summary>The chunks of document <paramref name="documentId"/> held by <paramref name="searcher"/>, in ordinal order; empty when it has none.</summary>
    public static IReadOnlyList<Chunk> Read(IndexSearcher searcher, string documentId)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(documentId);

        // The postings of the id term, read directly (no query, weight or scorer), and only the stored fields a chunk needs.
        var term = new Term(IndexFields.DocumentId, documentId);
        var chunks = new List<Chunk>();
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var postings = leaf.AtomicReader.GetTermDocsEnum(term);
            if (postings is null)
            {
                continue;
            }

            for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
            {
                chunks.Add(Read(leaf.AtomicReader.Document(doc, Fields), documentId));
            }
        }

        chunks.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        return chunks;
    }

    private static Chunk Read(global::Lucene.Net.Documents.Document stored, string documentId)
    {
        var citationId = stored.Get(IndexFields.ChunkId, CultureInfo.InvariantCulture);
        return new Chunk(
            documentId,
            int.Parse(citationId.AsSpan(citationId.LastIndexOf(':') + 1), CultureInfo.InvariantCulture),
            stored.Get(IndexFields.Text, CultureInfo.InvariantCulture) ?? string.Empty,
            stored.Get(IndexFields.Section, CultureInfo.InvariantCulture) ?? string.Empty,
            stored.GetField(IndexFields.Page)?.GetInt32Value(),
            stored.GetField(IndexFields.Start)?.GetInt32Value() ?? 0,
            stored.GetField(IndexFields.End)?.GetInt32Value() ?? 0);
    }
}
