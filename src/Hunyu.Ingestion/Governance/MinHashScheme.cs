namespace Hunyu.Ingestion.Governance;

/// <summary>What makes two MinHash signatures comparable: stored with a dedup index, checked when it is loaded.</summary>
/// <param name="ShingleChars">Characters per shingle.</param>
/// <param name="Permutations">Signature length.</param>
/// <param name="Seed">Seed of the permutations.</param>
public sealed record MinHashScheme(int ShingleChars, int Permutations, int Seed)
{
    /// <summary>The scheme of <paramref name="options"/>.</summary>
    public static MinHashScheme Of(DedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MinHashScheme(options.ShingleChars, options.Permutations, options.Seed);
    }
}
