namespace Hunyu.Search.Lucene;

/// <summary>
/// Ranking constants, measured on the shared evaluation sets (see bench/results/retrieval-variants.md).
/// </summary>
public static class SearchTuning
{
    /// <summary>BM25 term-frequency saturation; below Lucene's 1.2 because chunks are short passages.</summary>
    public const float K1 = 0.8f;

    /// <summary>BM25 length normalisation.</summary>
    public const float B = 0.75f;

    /// <summary>Weight of the bigram clause relative to the word clause.</summary>
    public const float BigramWeight = 0.5f;

    /// <summary>Extra weight of query words found in the title (the title is also part of every chunk's text).</summary>
    public const float TitleWeight = 0.1f;

    /// <summary>Characters of a highlighted snippet.</summary>
    public const int SnippetLength = 160;
}
