namespace Hunyu.Search.Fusion;

/// <summary>
/// Reciprocal rank fusion of a lexical (BM25) and a dense (vector) ranking: each id scores
/// Σ weight / (k + rank) over the lists it appears in. Uses ranks only, so the two lists' scores need not be comparable.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class RrfMerger
{
    /// <summary>The usual constant k (Cormack et al., 2009): damps the advantage of the very top ranks.</summary>
    public const int DefaultK = 60;

    /// <summary>Fuses the two rankings, best first.</summary>
    /// <param name="lexical">Ids best first; a repeated id counts at its first rank.</param>
    /// <param name="dense">Ids best first; a repeated id counts at its first rank.</param>
    /// <param name="k">The rank constant, 0 or more.</param>
    /// <param name="lexicalWeight">Weight of the lexical list, 0 or more.</param>
    /// <param name="denseWeight">Weight of the dense list, 0 or more.</param>
    /// <returns>Every id of either list once, by score; ties go to the better single rank, then the lexical list, then the id.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A constant or weight is negative or not finite.</exception>
    public static IReadOnlyList<FusedHit> Merge(IReadOnlyList<string> lexical, IReadOnlyList<string> dense, int k = DefaultK, double lexicalWeight = 1.0, double denseWeight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckWeight(lexicalWeight, nameof(lexicalWeight));
        CheckWeight(denseWeight, nameof(denseWeight));

        var lexicalRanks = Ranks(lexical);
        var denseRanks = Ranks(dense);
        return lexicalRanks.Keys.Union(denseRanks.Keys, StringComparer.Ordinal)
            .Select(id =>
            {
                int? l = lexicalRanks.TryGetValue(id, out var lr) ? lr : null;
                int? d = denseRanks.TryGetValue(id, out var dr) ? dr : null;
                var score = (l is { } a ? lexicalWeight / (k + a) : 0) + (d is { } b ? denseWeight / (k + b) : 0);
                return new FusedHit(id, score, l, d);
            })
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => Math.Min(hit.LexicalRank ?? int.MaxValue, hit.DenseRank ?? int.MaxValue))
            .ThenBy(hit => hit.LexicalRank ?? int.MaxValue)
            .ThenBy(hit => hit.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, int> Ranks(IReadOnlyList<string> ids)
    {
        var ranks = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            ranks.TryAdd(ids[i], i + 1);
        }

        return ranks;
    }

    private static void CheckWeight(double weight, string name)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(name, weight, "a weight is a finite number, 0 or more");
        }
    }
}
