using Hunyu.Search.Evaluation;

namespace Hunyu.Hosting.Evaluation;

/// <summary>Adds up per-query metrics and the time spent, and gives their means.</summary>
public sealed class ScoreAccumulator
{
    private double _ndcg, _recall10, _recall100, _mrr, _seconds;
    private int _queries, _timed;

    /// <summary>Scores one query's ranked document ids against its judgements.</summary>
    public void Add(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        _ndcg += RetrievalMetrics.NdcgAt(10, ranked, relevant);
        _recall10 += RetrievalMetrics.RecallAt(10, ranked, relevant);
        _recall100 += RetrievalMetrics.RecallAt(100, ranked, relevant);
        _mrr += RetrievalMetrics.ReciprocalRankAt(10, ranked, relevant);
        _queries++;
    }

    /// <summary>Records the time one query took in the timing pass.</summary>
    public void AddTime(TimeSpan elapsed)
    {
        _seconds += elapsed.TotalSeconds;
        _timed++;
    }

    /// <summary>The means so far, rounded to 4 places; queries/s from the timing pass.</summary>
    public RetrievalScores Result()
    {
        var n = Math.Max(1, _queries);
        return new RetrievalScores(
            Math.Round(_ndcg / n, 4),
            Math.Round(_recall10 / n, 4),
            Math.Round(_recall100 / n, 4),
            Math.Round(_mrr / n, 4),
            _queries,
            Math.Round(_timed / Math.Max(_seconds, 1e-9), 1));
    }
}
