using BenchmarkDotNet.Attributes;
using Hunyu.Core.Search;
using Hunyu.Models.Extractive;
using Hunyu.Search.Lucene;
using Hunyu.Text.Normalization;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Hunyu.Benchmarks.Micro;

/// <summary>Work done per hit after the Lucene search: extractive answer over 8 hits, and snippet highlighting.</summary>
[MemoryDiagnoser]
public class AnswerBenchmarks
{
    private const string Question = "谁可以成为个体工商户？";
    private readonly ExtractiveAnswerer _answerer = new();
    private List<SearchHit> _hits = [];
    private Query _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 8 articles about 个体工商户, as a search for the question would return.
        _hits = MicroData.Articles.Where(a => a.Text.Contains("个体工商户", StringComparison.Ordinal)).Take(8).Select((a, i) => new SearchHit
        {
            Rank = i + 1,
            Score = 10 - i,
            CitationId = $"doc{i}:0",
            DocumentId = $"doc{i}",
            DocumentKey = "corpus.jsonl#" + a.Id,
            ChunkOrdinal = 0,
            Domain = "statutes",
            SourceId = "bench",
            Title = a.Title,
            Uri = "file:///corpus.jsonl",
            Text = TextNormalizer.Normalize(a.Text),
            Snippet = string.Empty,
        }).ToList();
        _query = ChunkQueryBuilder.Build(TextNormalizer.Normalize(Question))!;
    }

    [Benchmark(Description = "ExtractiveAnswerer.AnswerAsync, 8 hits")]
    public string Answer() => _answerer.AnswerAsync(Question, _hits).GetAwaiter().GetResult().Text;

    [Benchmark(Description = "highlight 8 hits: Highlighter+QueryScorer per hit (as LuceneKnowledgeSearcher)")]
    public int HighlightPerHit()
    {
        var length = 0;
        foreach (var hit in _hits)
        {
            var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), MarkupEncoder.Instance, new QueryScorer(_query, IndexFields.Bigrams))
            {
                TextFragmenter = new SimpleFragmenter(SearchTuning.SnippetLength),
            };
            length += highlighter.GetBestFragment(ChunkAnalyzers.Bigrams, IndexFields.Bigrams, hit.Text)?.Length ?? 0;
        }

        return length;
    }

    [Benchmark(Description = "highlight 8 hits: ScanHighlighter prototype (candidate)")]
    public int HighlightScan()
    {
        var terms = EndToEnd.ScanHighlighter.Terms(_query);
        var length = 0;
        foreach (var hit in _hits)
        {
            length += EndToEnd.ScanHighlighter.Highlight(hit.Text, terms).Length;
        }

        return length;
    }

    [Benchmark(Description = "highlight 8 hits: one Highlighter+QueryTermScorer per query (candidate)")]
    public int HighlightPerQuery()
    {
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), MarkupEncoder.Instance, new QueryTermScorer(_query, IndexFields.Bigrams))
        {
            TextFragmenter = new SimpleFragmenter(SearchTuning.SnippetLength),
        };
        var length = 0;
        foreach (var hit in _hits)
        {
            length += highlighter.GetBestFragment(ChunkAnalyzers.Bigrams, IndexFields.Bigrams, hit.Text)?.Length ?? 0;
        }

        return length;
    }
}
