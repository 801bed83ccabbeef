namespace Hunyu.Search.Evaluation;

/// <summary>Standard ranked-retrieval metrics over document ids, as computed by BEIR/pytrec_eval.</summary>
public static class RetrievalMetrics
{
    /// <summary>nDCG@k with graded relevance (gain = grade, log2 discount).</summary>
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out var grade) && grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = 0.0;
        var position = 0;
        foreach (var grade in relevant.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k))
        {
            ideal += grade / Math.Log2(position + 2);
            position++;
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>Share of the relevant documents found in the top <paramref name="k"/>.</summary>
    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        var total = relevant.Values.Count(g => g > 0);
        if (total == 0)
        {
            return 0;
        }

        var found = ranked.Take(k).Count(id => relevant.TryGetValue(id, out var grade) && grade > 0);
        return (double)found / total;
    }

    /// <summary>Reciprocal rank of the first relevant document within the top <paramref name="k"/>; 0 when none.</summary>
    public static double ReciprocalRankAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out var grade) && grade > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }
}
