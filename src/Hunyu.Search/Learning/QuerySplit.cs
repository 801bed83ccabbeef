namespace Hunyu.Search.Learning;

/// <summary>Question ids divided into the ones a model learns from and the ones it is evaluated on.</summary>
/// <param name="Training">Ids to learn from, sorted (ordinal).</param>
/// <param name="HeldOut">Ids kept out of training, sorted (ordinal).</param>
public sealed record QuerySplit(IReadOnlyList<string> Training, IReadOnlyList<string> HeldOut)
{
    /// <summary>
    /// A seeded random split: the ids are sorted, shuffled with a fixed generator (the same on every .NET
    /// version) and the last <paramref name="heldOutFraction"/> of them (rounded) held out.
    /// </summary>
    public static QuerySplit Random(IEnumerable<string> ids, double heldOutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfNegative(heldOutFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(heldOutFraction, 1);
        var shuffled = Shuffle(ids, seed);
        var heldOut = (int)Math.Round(shuffled.Count * heldOutFraction, MidpointRounding.AwayFromZero);
        var cut = shuffled.Count - heldOut;
        return new QuerySplit(Sorted(shuffled.Take(cut)), Sorted(shuffled.Skip(cut)));
    }

    /// <summary>
    /// <paramref name="folds"/> splits for cross-validation: after the same seeded shuffle as <see cref="Random"/>,
    /// fold f holds out every id whose shuffled position is f modulo <paramref name="folds"/>.
    /// </summary>
    public static IReadOnlyList<QuerySplit> KFold(IEnumerable<string> ids, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var shuffled = Shuffle(ids, seed);
        return Enumerable.Range(0, folds)
            .Select(f => new QuerySplit(
                Sorted(shuffled.Where((_, i) => i % folds != f)),
                Sorted(shuffled.Where((_, i) => i % folds == f))))
            .ToList();
    }

    private static List<string> Shuffle(IEnumerable<string> ids, int seed)
    {
        var list = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var random = new SplitMix64(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
