using System.Globalization;
using Hunyu.Core.Knowledge;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Lucene;

/// <summary>Reads the chunks of one document back from a domain index, as they were indexed (governed text, offsets kept).</summary>
public static class StoredChunks
{
    /// <summary>The chunks of document <paramref name="documentId"/> held by <paramref name="searcher"/>, in ordinal order; empty when it has none.</summary>
    public static IReadOnlyList<Chunk> Read(IndexSearcher searcher, string documentId)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(documentId);

        // PERF: a collector instead of top-N hits: a document's chunk count is unknown, and top-N allocates its queue up front.
        var collector = new MatchCollector();
        searcher.Search(new TermQuery(new Term(IndexFields.DocumentId, documentId)), collector);
        var chunks = new List<Chunk>(collector.Docs.Count);
        foreach (var doc in collector.Docs)
        {
            var stored = searcher.Doc(doc);
            var citationId = stored.Get(IndexFields.ChunkId, CultureInfo.InvariantCulture);
            chunks.Add(new Chunk(
                documentId,
                int.Parse(citationId.AsSpan(citationId.LastIndexOf(':') + 1), CultureInfo.InvariantCulture),
                stored.Get(IndexFields.Text, CultureInfo.InvariantCulture) ?? string.Empty,
                stored.Get(IndexFields.Section, CultureInfo.InvariantCulture) ?? string.Empty,
                stored.GetField(IndexFields.Page)?.GetInt32Value(),
                stored.GetField(IndexFields.Start)?.GetInt32Value() ?? 0,
                stored.GetField(IndexFields.End)?.GetInt32Value() ?? 0));
        }

        chunks.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        return chunks;
    }

    private sealed class MatchCollector : ICollector
    {
        private int _docBase;

        public List<int> Docs { get; } = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc) => Docs.Add(_docBase + doc);
    }
}
