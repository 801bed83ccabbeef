using Hunyu.Search.Fusion;

namespace Hunyu.Search.Tests.Fusion;

public sealed class RrfMergerTests
{
    [Fact]
    public void Merge_IdInBothLists_RanksAboveIdsInOneList()
    {
        var fused = RrfMerger.Merge(["a", "b", "c"], ["d", "c", "e"]);

        Assert.Equal("c", fused[0].Id);
        Assert.Equal(1.0 / 63 + 1.0 / 62, fused[0].Score, 12);
        Assert.Equal((3, 2), (fused[0].LexicalRank!.Value, fused[0].DenseRank!.Value));
        Assert.Equal(5, fused.Count);
    }

    [Fact]
    public void Merge_EqualScores_BreaksTiesByLexicalRankThenId()
    {
        var fused = RrfMerger.Merge(["a", "x"], ["b", "y"]);

        Assert.Equal(["a", "b", "x", "y"], fused.Select(h => h.Id));
        Assert.Null(fused[0].DenseRank);
        Assert.Null(fused[1].LexicalRank);
    }

    [Fact]
    public void Merge_Weights_ShiftTheOrder()
    {
        var fused = RrfMerger.Merge(["a"], ["b"], k: 0, lexicalWeight: 0.5, denseWeight: 2);

        Assert.Equal(["b", "a"], fused.Select(h => h.Id));
        Assert.Equal(2.0, fused[0].Score);
    }

    [Fact]
    public void Merge_RepeatedIdInOneList_CountsItsFirstRankOnce()
    {
        var fused = RrfMerger.Merge(["a", "a", "b"], []);

        Assert.Equal(["a", "b"], fused.Select(h => h.Id));
        Assert.Equal(3, fused[1].LexicalRank);
    }

    [Fact]
    public void Merge_EmptyLists_ReturnsNothing() => Assert.Empty(RrfMerger.Merge([], []));

    [Fact]
    public void Merge_NegativeOrNonFiniteArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RrfMerger.Merge(["a"], [], k: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RrfMerger.Merge(["a"], [], lexicalWeight: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RrfMerger.Merge(["a"], [], denseWeight: double.NaN));
    }
}
