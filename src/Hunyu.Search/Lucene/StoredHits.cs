using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Lucene;

/// <summary>Reads a chunk's stored fields back into a <see cref="SearchHit"/>.</summary>
public static class StoredHits
{
    /// <summary>The metadata field that marks a document as sensitive.</summary>
    public const string SensitiveField = "sensitive";

    /// <summary>The hit for Lucene document <paramref name="doc"/> of <paramref name="searcher"/>, with <paramref name="score"/>; unranked (rank 0).</summary>
    public static SearchHit Read(IndexSearcher searcher, int doc, double score, string? explanation)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        var stored = searcher.Doc(doc);
        var text = stored.Get(IndexFields.Text, CultureInfo.InvariantCulture) ?? string.Empty;
        var citationId = stored.Get(IndexFields.ChunkId, CultureInfo.InvariantCulture);
        var fields = FieldsOf(stored.Get(IndexFields.MetadataJson, CultureInfo.InvariantCulture));
        return new SearchHit
        {
            Rank = 0,
            Score = score,
            CitationId = citationId,
            DocumentId = stored.Get(IndexFields.DocumentId, CultureInfo.InvariantCulture),
            DocumentKey = stored.Get(IndexFields.DocumentKey, CultureInfo.InvariantCulture),
            ChunkOrdinal = int.Parse(citationId.AsSpan(citationId.LastIndexOf(':') + 1), CultureInfo.InvariantCulture),
            Domain = stored.Get(IndexFields.Domain, CultureInfo.InvariantCulture),
            SourceId = stored.Get(IndexFields.Source, CultureInfo.InvariantCulture),
            Title = stored.Get(IndexFields.Title, CultureInfo.InvariantCulture) ?? string.Empty,
            Uri = stored.Get(IndexFields.Uri, CultureInfo.InvariantCulture) ?? string.Empty,
            SectionPath = stored.Get(IndexFields.Section, CultureInfo.InvariantCulture) ?? string.Empty,
            Page = stored.GetField(IndexFields.Page)?.GetInt32Value(),
            StartOffset = stored.GetField(IndexFields.Start)?.GetInt32Value() ?? 0,
            EndOffset = stored.GetField(IndexFields.End)?.GetInt32Value() ?? 0,
            Text = text,
            // Highlighted after fusion, for the hits that survive it.
            Snippet = Truncate(text),
            Fields = fields,
            // Governance marks a document holding personal data with metadata sensitive=true (its PII step).
            Sensitive = fields.TryGetValue(SensitiveField, out var sensitive) && sensitive == "true",
            Explanation = explanation,
        };
    }

    private static IReadOnlyDictionary<string, string> FieldsOf(string? json) =>
        json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>The start of <paramref name="text"/>, cut at the snippet length.</summary>
    public static string Truncate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= SearchTuning.SnippetLength ? text : string.Concat(text.AsSpan(0, SearchTuning.SnippetLength), "…");
    }

    /// <summary>
    /// Ids of the documents matching <paramref name="filter"/>: what a principal may see, for stores that know no ACLs
    /// (the vector store). Reads the ids from the field cache, not stored fields, so it costs one pass over the matches.
    /// </summary>
    public static HashSet<string> DocumentIds(IndexSearcher searcher, Filter filter)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        var collector = new DocumentIdCollector();
        searcher.Search(new ConstantScoreQuery(filter), collector);
        return collector.Ids;
    }

    private sealed class DocumentIdCollector : ICollector
    {
        private BinaryDocValues? _ids;

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) =>
            _ids = FieldCache.DEFAULT.GetTerms(context.AtomicReader, IndexFields.DocumentId, false);

        public void Collect(int doc)
        {
            var bytes = new global::Lucene.Net.Util.BytesRef();
            _ids!.Get(doc, bytes);
            Ids.Add(bytes.Utf8ToString());
        }
    }
}
