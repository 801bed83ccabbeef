namespace Hunyu.Search.Federation;

/// <summary>How the ranked lists of several domains become one.</summary>
public enum FusionMethod
{
    /// <summary>
    /// BM25 scored with statistics summed over all searched domains (so scores are comparable), times the
    /// domain's weight. The default: it ranks as one combined index would.
    /// </summary>
    Score,

    /// <summary>Reciprocal-rank fusion: Σ weight / (k + rank). Ignores scores; robust when backends differ.</summary>
    ReciprocalRank,
}
