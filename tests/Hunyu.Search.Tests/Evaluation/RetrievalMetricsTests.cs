using Hunyu.Search.Evaluation;

namespace Hunyu.Search.Tests.Evaluation;

public sealed class RetrievalMetricsTests
{
    private static readonly Dictionary<string, int> Relevant = new() { ["a"] = 1, ["b"] = 1 };

    [Fact]
    public void NdcgAt10_RelevantAtRanksOneAndThree_MatchesHandComputedValue()
    {
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3).
        var expected = 1.5 / (1 + (1 / Math.Log2(3)));
        Assert.Equal(expected, RetrievalMetrics.NdcgAt(10, ["a", "x", "b"], Relevant), 9);
    }

    [Fact]
    public void RecallAt_CountsOnlyTheTopK()
    {
        Assert.Equal(0.5, RetrievalMetrics.RecallAt(2, ["a", "x", "b"], Relevant));
        Assert.Equal(1.0, RetrievalMetrics.RecallAt(3, ["a", "x", "b"], Relevant));
    }

    [Fact]
    public void ReciprocalRankAt_FirstRelevantAtRankThree_IsOneThird() =>
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRankAt(10, ["x", "y", "b"], Relevant), 9);

    [Fact]
    public void Metrics_NothingRelevantRetrieved_AreZero()
    {
        Assert.Equal(0, RetrievalMetrics.NdcgAt(10, ["x"], Relevant));
        Assert.Equal(0, RetrievalMetrics.RecallAt(10, ["x"], Relevant));
        Assert.Equal(0, RetrievalMetrics.ReciprocalRankAt(10, [], Relevant));
    }
}
