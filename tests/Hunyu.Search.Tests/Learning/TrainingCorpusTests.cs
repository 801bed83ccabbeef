using Hunyu.Search.Learning;
using Hunyu.Search.Lucene;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Tests.Learning;

public sealed class TrainingCorpusTests : IDisposable
{
    private readonly SyntheticDataset _dataset = new();
    private readonly TrainingCorpus _corpus;

    public TrainingCorpusTests() => _corpus = TrainingCorpus.Load(Path.Combine(_dataset.Path, "corpus.jsonl"), CancellationToken.None);

    public void Dispose()
    {
        _corpus.Dispose();
        _dataset.Dispose();
    }

    [Fact]
    public void TermsOf_EveryWord_EqualsLuceneScoreOfThatTermAlone()
    {
        for (var ordinal = 0; ordinal < _corpus.Count; ordinal++)
        {
            var terms = _corpus.TermsOf(ordinal);
            for (var i = 0; i < terms.Terms.Length; i++)
            {
                var lucene = _corpus.Score(new TermQuery(new Term(IndexFields.Words, _corpus.Terms[terms.Terms[i]])), ordinal);
                Assert.Equal(lucene, terms.Weights[i], 4);
            }
        }
    }

    [Fact]
    public void Score_QueryPlusWeightedTerms_IsBaseScorePlusWeightedTermScores()
    {
        // The premise of the learner: expansion clauses add weight × per-term BM25 to the product's own query score.
        var query = ChunkQueryBuilder.Build("老板解除合同要给补偿吗")!;
        _corpus.TryGetOrdinal("labour", out var labour);
        var terms = _corpus.TermsOf(labour);
        var expanded = new BooleanQuery(disableCoord: true);
        foreach (var clause in ((BooleanQuery)query).Clauses)
        {
            expanded.Add(clause);
        }

        var expected = (double)_corpus.Score(query, labour);
        for (var i = 0; i < terms.Terms.Length; i += 2)
        {
            var weight = 0.1f * (i + 1);
            expanded.Add(new TermQuery(new Term(IndexFields.Words, _corpus.Terms[terms.Terms[i]])) { Boost = weight }, Occur.SHOULD);
            expected += weight * terms.Weights[i];
        }

        Assert.Equal(expected, _corpus.Score(expanded, labour), 3);
    }

    [Fact]
    public void Search_LegalWording_FindsTheArticleFirst()
    {
        var hits = _corpus.Search(ChunkQueryBuilder.Build("试用期不得超过一个月")!, 3);

        Assert.Equal("probation", _corpus.IdOf(hits[0].Ordinal));
    }
}
