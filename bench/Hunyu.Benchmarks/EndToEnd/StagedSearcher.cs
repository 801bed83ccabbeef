using System.Diagnostics;
using System.Globalization;
using Hunyu.Core.Search;
using Hunyu.Search;
using Hunyu.Search.Lucene;
using Hunyu.Text.Normalization;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// A same-thread replica of <see cref="LuceneKnowledgeSearcher.SearchAsync"/> (one domain, highlight on)
/// that times each stage and counts its allocations, to attribute Hunyu's cost. The replica's code
/// mirrors src/Hunyu.Search/LuceneKnowledgeSearcher.cs; keep the two in step. With
/// <paramref name="scanHighlighter"/> it highlights with <see cref="ScanHighlighter"/> instead, a
/// candidate improvement.
/// </summary>
internal sealed class StagedSearcher(IndexSearcher searcher, DomainIndexSet domains, bool scanHighlighter)
{
    public static readonly string[] StageNames =
    [
        "validate+normalise+build query",
        "access filter (AccessFilter.Build)",
        "domain listing (DomainIndexSet.Domains + GetExisting)",
        "Lucene search (top 10)",
        "load stored fields (10 docs)",
        "map to SearchHit",
        "highlight (10 hits)",
        "merge (LINQ order/take/rank)",
    ];

    private readonly List<long[]> _ticks = [];
    private readonly long[] _bytes = new long[StageNames.Length];
    private long _lastTicks;
    private long _lastBytes;

    public int Queries { get; private set; }

    public void Reset()
    {
        _ticks.Clear();
        Array.Clear(_bytes);
        Queries = 0;
    }

    /// <summary>Per stage since <see cref="Reset"/>: median and mean microseconds per query, mean bytes (this thread) per query.</summary>
    public IEnumerable<StageResult> PerQuery() =>
        StageNames.Select((name, i) => new StageResult(
            name,
            Reporting.Stats.Median(_ticks.Select(t => t[i] * 1e6 / Stopwatch.Frequency)),
            _ticks.Sum(t => t[i]) * 1e6 / Stopwatch.Frequency / Math.Max(1, Queries),
            (double)_bytes[i] / Math.Max(1, Queries)));

    public int Search(SearchRequest request)
    {
        Queries++;
        _ticks.Add(new long[StageNames.Length]);
        Mark();
        var text = LuceneKnowledgeSearcher.Validate(request);
        var query = ChunkQueryBuilder.Build(TextNormalizer.Normalize(text));
        Stage(0);
        if (query is null)
        {
            return 0;
        }

        var filter = AccessFilter.Build(request);
        Stage(1);
        var names = request.Domains.Count > 0 ? request.Domains : domains.Domains;
        // DomainIndexSet.GetExisting checks each domain's folder (this replica must not open a second writer).
        var existing = names.Where(name => Hunyu.Core.Knowledge.Domain.IsValidName(name) && Directory.Exists(Path.Combine(domains.Root, name))).ToList();
        Stage(2);

        var top = searcher.Search(query, filter, request.Limit);
        Stage(3);

        var stored = top.ScoreDocs.Select(s => searcher.Doc(s.Doc)).ToList();
        Stage(4);

        var hits = new List<SearchHit>(stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            hits.Add(ToHit(stored[i], top.ScoreDocs[i].Score, existing[0]));
        }

        Stage(5);

        List<string> snippets;
        if (scanHighlighter)
        {
            var terms = ScanHighlighter.Terms(query);
            snippets = hits.Select(h => ScanHighlighter.Highlight(h.Text, terms)).ToList();
        }
        else
        {
            snippets = hits.Select(h => Highlight(query, h.Text)).ToList();
        }

        Stage(6);

        var merged = hits.Select((h, i) => h with { Snippet = snippets[i] })
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.CitationId, StringComparer.Ordinal)
            .Take(request.Limit)
            .Select((hit, i) => hit with { Rank = i + 1 })
            .ToList();
        Stage(7);
        return merged.Count;
    }

    private void Mark()
    {
        _lastBytes = GC.GetAllocatedBytesForCurrentThread();
        _lastTicks = Stopwatch.GetTimestamp();
    }

    private void Stage(int index)
    {
        var ticks = Stopwatch.GetTimestamp();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        _ticks[^1][index] += ticks - _lastTicks;
        _bytes[index] += bytes - _lastBytes;
        Mark();
    }

    // Mirrors LuceneKnowledgeSearcher.ToHit with Explain off.
    private static SearchHit ToHit(global::Lucene.Net.Documents.Document stored, float score, string domain)
    {
        var text = stored.Get(IndexFields.Text, CultureInfo.InvariantCulture) ?? string.Empty;
        var citation = stored.Get(IndexFields.ChunkId, CultureInfo.InvariantCulture);
        return new SearchHit
        {
            Rank = 0,
            Score = score,
            CitationId = citation,
            DocumentId = stored.Get(IndexFields.DocumentId, CultureInfo.InvariantCulture),
            DocumentKey = stored.Get(IndexFields.DocumentKey, CultureInfo.InvariantCulture),
            ChunkOrdinal = int.Parse(citation.AsSpan(citation.LastIndexOf(':') + 1), CultureInfo.InvariantCulture),
            Domain = stored.Get(IndexFields.Domain, CultureInfo.InvariantCulture) ?? domain,
            SourceId = stored.Get(IndexFields.Source, CultureInfo.InvariantCulture),
            Title = stored.Get(IndexFields.Title, CultureInfo.InvariantCulture) ?? string.Empty,
            Uri = stored.Get(IndexFields.Uri, CultureInfo.InvariantCulture) ?? string.Empty,
            SectionPath = stored.Get(IndexFields.Section, CultureInfo.InvariantCulture) ?? string.Empty,
            Page = stored.GetField(IndexFields.Page)?.GetInt32Value(),
            StartOffset = stored.GetField(IndexFields.Start)?.GetInt32Value() ?? 0,
            EndOffset = stored.GetField(IndexFields.End)?.GetInt32Value() ?? 0,
            Text = text,
            Snippet = string.Empty,
        };
    }

    /// <summary>Mirrors LuceneKnowledgeSearcher.Highlight: one Highlighter and QueryScorer per hit.</summary>
    public static string Highlight(Query query, string text)
    {
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), MarkupEncoder.Instance, new QueryScorer(query, IndexFields.Bigrams))
        {
            TextFragmenter = new SimpleFragmenter(SearchTuning.SnippetLength),
        };
        var fragment = highlighter.GetBestFragment(ChunkAnalyzers.Bigrams, IndexFields.Bigrams, text);
        return fragment ?? MarkupEncoder.Encode(Truncate(text));
    }

    private static string Truncate(string text) =>
        text.Length <= SearchTuning.SnippetLength ? text : string.Concat(text.AsSpan(0, SearchTuning.SnippetLength), "…");
}
