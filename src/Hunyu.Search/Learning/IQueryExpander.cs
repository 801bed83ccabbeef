namespace Hunyu.Search.Learning;

/// <summary>Adds weighted terms to a question's ranking query (for example, a learned lay-to-corpus vocabulary mapping).</summary>
/// <remarks>Implementations are thread-safe and cheap: they run once per search.</remarks>
public interface IQueryExpander
{
    /// <summary>
    /// The extra terms for a question, given its content words and CJK bigrams as
    /// <see cref="Hunyu.Text.Analysis.QueryTerms"/> produces them; empty when there is nothing to add.
    /// </summary>
    IReadOnlyList<WeightedTerm> Expand(IReadOnlyList<string> contentWords, IReadOnlyList<string> bigrams);
}
