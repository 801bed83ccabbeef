using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Hunyu.Search.Federation;

/// <summary>
/// Term and field statistics summed over every domain a query searches, as if the domains were one
/// index. Scoring each domain with them makes BM25 scores comparable across domains: the federated
/// ranking is the ranking one combined index would give, without building one (Elasticsearch calls
/// this "DFS query then fetch").
/// </summary>
public sealed class CorpusStatistics
{
    private readonly Dictionary<Term, TermStatistics> _terms;
    private readonly Dictionary<string, CollectionStatistics> _fields;

    private CorpusStatistics(Dictionary<Term, TermStatistics> terms, Dictionary<string, CollectionStatistics> fields)
    {
        _terms = terms;
        _fields = fields;
    }

    /// <summary>Sums the statistics of <paramref name="terms"/> and their fields over <paramref name="searchers"/>.</summary>
    public static CorpusStatistics Gather(IReadOnlyCollection<Term> terms, IReadOnlyList<IndexSearcher> searchers)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(searchers);
        var termStatistics = new Dictionary<Term, TermStatistics>();
        foreach (var term in terms)
        {
            long docFreq = 0, totalTermFreq = 0;
            foreach (var searcher in searchers)
            {
                var reader = searcher.IndexReader;
                docFreq += reader.DocFreq(term);
                var frequency = reader.TotalTermFreq(term);
                totalTermFreq = frequency < 0 || totalTermFreq < 0 ? -1 : totalTermFreq + frequency;
            }

            termStatistics[term] = new TermStatistics(term.Bytes, docFreq, totalTermFreq);
        }

        var fieldStatistics = new Dictionary<string, CollectionStatistics>(StringComparer.Ordinal);
        foreach (var field in terms.Select(t => t.Field).Distinct(StringComparer.Ordinal))
        {
            long maxDoc = 0, docCount = 0, sumTotalTermFreq = 0, sumDocFreq = 0;
            foreach (var searcher in searchers)
            {
                var statistics = searcher.CollectionStatistics(field);
                maxDoc += statistics.MaxDoc;
                docCount = statistics.DocCount < 0 || docCount < 0 ? -1 : docCount + statistics.DocCount;
                sumTotalTermFreq = statistics.SumTotalTermFreq < 0 || sumTotalTermFreq < 0 ? -1 : sumTotalTermFreq + statistics.SumTotalTermFreq;
                sumDocFreq = statistics.SumDocFreq < 0 || sumDocFreq < 0 ? -1 : sumDocFreq + statistics.SumDocFreq;
            }

            fieldStatistics[field] = new CollectionStatistics(field, maxDoc, docCount, sumTotalTermFreq, sumDocFreq);
        }

        return new CorpusStatistics(termStatistics, fieldStatistics);
    }

    /// <summary>A searcher over <paramref name="reader"/> that scores with these statistics.</summary>
    public IndexSearcher SearcherFor(IndexReader reader, Similarity similarity) => new GlobalStatisticsSearcher(reader, this) { Similarity = similarity };

    private sealed class GlobalStatisticsSearcher(IndexReader reader, CorpusStatistics statistics) : IndexSearcher(reader)
    {
        public override TermStatistics TermStatistics(Term term, TermContext context) =>
            statistics._terms.TryGetValue(term, out var global) ? global : base.TermStatistics(term, context);

        public override CollectionStatistics CollectionStatistics(string field) =>
            statistics._fields.TryGetValue(field, out var global) ? global : base.CollectionStatistics(field);
    }
}
