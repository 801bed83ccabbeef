using Hunyu.Search.Learning;

namespace Hunyu.Search.Tests.Learning;

public sealed class QuerySplitTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 100).Select(i => $"q{i}")];

    [Fact]
    public void Random_SameSeed_GivesTheSameSplit()
    {
        var first = QuerySplit.Random(Ids, 0.3, 42);
        var second = QuerySplit.Random(Ids.Reverse(), 0.3, 42);

        Assert.Equal(first.Training, second.Training);
        Assert.Equal(first.HeldOut, second.HeldOut);
    }

    [Fact]
    public void Random_Fraction_HoldsOutThatShareDisjointly()
    {
        var split = QuerySplit.Random(Ids, 0.3, 42);

        Assert.Equal(30, split.HeldOut.Count);
        Assert.Equal(70, split.Training.Count);
        Assert.Empty(split.Training.Intersect(split.HeldOut));
        Assert.Equal(Ids.Order(StringComparer.Ordinal), split.Training.Concat(split.HeldOut).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Random_OtherSeed_GivesAnotherSplit() =>
        Assert.NotEqual(QuerySplit.Random(Ids, 0.3, 1).HeldOut, QuerySplit.Random(Ids, 0.3, 2).HeldOut);

    [Fact]
    public void Random_KnownSeed_GivesThePinnedSplit()
    {
        // Pins the generator: a split printed in bench/results/learn.md must stay reproducible.
        var split = QuerySplit.Random(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], 0.3, 20261201);

        Assert.Equal(PinnedHeldOut, split.HeldOut);
    }

    [Fact]
    public void Random_ZeroFraction_TrainsOnEverything() =>
        Assert.Empty(QuerySplit.Random(Ids, 0, 42).HeldOut);

    [Fact]
    public void KFold_EveryIdIsHeldOutExactlyOnce()
    {
        var folds = QuerySplit.KFold(Ids, 5, 42);

        Assert.Equal(5, folds.Count);
        Assert.Equal(Ids.Order(StringComparer.Ordinal), folds.SelectMany(f => f.HeldOut).Order(StringComparer.Ordinal));
        Assert.All(folds, f => Assert.Empty(f.Training.Intersect(f.HeldOut)));
        Assert.All(folds, f => Assert.Equal(20, f.HeldOut.Count));
    }

    [Fact]
    public void KFold_OneFold_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QuerySplit.KFold(Ids, 1, 42));

    private static readonly string[] PinnedHeldOut = ["a", "d", "e"];
}
