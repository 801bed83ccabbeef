namespace Hunyu.Search.Learning;

/// <summary>Which features of a question select its expansion rows.</summary>
[Flags]
public enum ExpansionFeatures
{
    /// <summary>No feature (not a valid setting).</summary>
    None = 0,

    /// <summary>Jieba content words, as the query's word clause uses them.</summary>
    Words = 1,

    /// <summary>CJK character bigrams, as the query's bigram clause uses them; robust to segmentation differences.</summary>
    Bigrams = 2,
}
