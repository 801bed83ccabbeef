namespace Hunyu.Search.Learning;

/// <summary>One extra query term: an optional clause on <paramref name="Field"/> whose BM25 score is multiplied by <paramref name="Weight"/>.</summary>
/// <param name="Field">The index field the term is matched in (an <see cref="Lucene.IndexFields"/> name).</param>
/// <param name="Term">The indexed term, exactly as the field's analyzer produces it.</param>
/// <param name="Weight">The clause weight (positive; the question's own words weigh 1).</param>
public readonly record struct WeightedTerm(string Field, string Term, float Weight);
