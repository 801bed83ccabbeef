namespace Hunyu.Ingestion.Governance;

/// <summary>Exact and near-duplicate detection (configuration section <c>Hunyu:Governance:Dedup</c>).</summary>
/// <remarks>
/// A document's dedup text is its text normalised, folded to Simplified Chinese, lower-cased, with white space,
/// punctuation and symbols removed. Equal dedup texts of title and body are exact duplicates (found by a 128-bit hash
/// before any other work); otherwise MinHash signatures over the character shingles of the body, bucketed by LSH
/// bands, find candidates whose estimated Jaccard similarity reaches <see cref="Threshold"/> (the title is left out
/// of the signature: neighbouring documents share it, e.g. a law's name). The index must be created with the same
/// <see cref="ShingleChars"/>, <see cref="Permutations"/> and <see cref="Seed"/> it is used with.
/// </remarks>
public sealed record DedupOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = GovernanceOptions.Section + ":Dedup";

    /// <summary>Drop documents whose dedup text equals an earlier kept document's.</summary>
    /// <value>The default is true.</value>
    public bool Exact { get; init; } = true;

    /// <summary>Drop documents whose estimated Jaccard similarity to an earlier kept document reaches <see cref="Threshold"/>.</summary>
    /// <value>The default is true.</value>
    public bool Near { get; init; } = true;

    /// <summary>Deduplicate chunks too (after chunking), across the documents of the index.</summary>
    /// <value>The default is true.</value>
    public bool Chunks { get; init; } = true;

    /// <summary>Estimated Jaccard similarity of the shingle sets at or above which a document is a near duplicate.</summary>
    /// <value>The default is 0.7; allowed 0.3–1.</value>
    public double Threshold { get; init; } = 0.7;

    /// <summary>Characters per shingle.</summary>
    /// <value>The default is 3 (Chinese carries a word in 1–3 characters); allowed 1–8.</value>
    public int ShingleChars { get; init; } = 3;

    /// <summary>MinHash permutations (signature length); a multiple of 8.</summary>
    /// <value>The default is 128 (the estimate's standard error is at most 0.045); allowed 32–512.</value>
    public int Permutations { get; init; } = 128;

    /// <summary>Seed of the MinHash permutations; part of the index's scheme.</summary>
    /// <value>The default is 20240901.</value>
    public int Seed { get; init; } = 20240901;

    /// <summary>Dedup texts shorter than this are only checked for exact duplicates (a few characters give no reliable similarity).</summary>
    /// <value>The default is 24; allowed 1–1,000,000.</value>
    public int MinNearChars { get; init; } = 24;

    /// <summary>Chunks whose dedup text is shorter than this are never dropped as duplicates: short passages ("本法自公布之日起施行。") legitimately recur across documents.</summary>
    /// <value>The default is 64; allowed 1–1,000,000.</value>
    public int MinChunkChars { get; init; } = 64;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names the option and the range.</exception>
    public void Validate()
    {
        OptionRange.Check($"{Section}:{nameof(Threshold)}", Threshold, 0.3, 1);
        OptionRange.Check($"{Section}:{nameof(ShingleChars)}", ShingleChars, 1, 8);
        OptionRange.Check($"{Section}:{nameof(Permutations)}", Permutations, 32, 512);
        if (Permutations % 8 != 0)
        {
            throw new ArgumentOutOfRangeException($"{Section}:{nameof(Permutations)}", Permutations, $"{Section}:{nameof(Permutations)} is {Permutations}; use a multiple of 8 in 32–512.");
        }

        OptionRange.Check($"{Section}:{nameof(MinNearChars)}", MinNearChars, 1, 1_000_000);
        OptionRange.Check($"{Section}:{nameof(MinChunkChars)}", MinChunkChars, 1, 1_000_000);
    }
}
