using Hunyu.Search.Learning;
using Hunyu.Text.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Lucene;

/// <summary>
/// Builds the ranking query for a question: content words (jieba, stop words dropped) plus CJK
/// bigrams over the chunk text, plus a small title boost. Each clause is a disjunction of terms, so a
/// long lay question still matches passages that share only some of its words. An optional
/// <see cref="IQueryExpander"/> adds learned terms as further optional clauses.
/// </summary>
public static class ChunkQueryBuilder
{
    /// <summary>Builds the query, with <paramref name="expander"/>'s terms when given; null when the text has no searchable term.</summary>
    public static Query? Build(string normalizedQuery, IQueryExpander? expander = null)
    {
        ArgumentNullException.ThrowIfNull(normalizedQuery);
        var contentWords = QueryTerms.ContentWords(normalizedQuery);
        var bigrams = QueryTerms.Bigrams(normalizedQuery);
        if (contentWords.Count == 0 && bigrams.Count == 0)
        {
            return null;
        }

        var query = new BooleanQuery(disableCoord: true);
        AddDisjunction(query, IndexFields.Words, contentWords, 1f);
        AddDisjunction(query, IndexFields.Bigrams, bigrams, SearchTuning.BigramWeight);
        AddDisjunction(query, IndexFields.TitleWords, contentWords.Where(w => w.Length > 1), SearchTuning.TitleWeight);
        if (expander is not null)
        {
            // Separate clauses, also for a word the question already has: the learned weights were trained
            // as additions to exactly the query above (Lucene sums clause scores).
            foreach (var term in expander.Expand(contentWords, bigrams))
            {
                query.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
            }
        }

        return query;
    }

    /// <remarks>
    /// PERF: one flat disjunction instead of one nested query per field; Lucene 4.8's BooleanScorer
    /// allocates a 2,048-bucket table per boolean query per segment, so nesting multiplied the garbage.
    /// </remarks>
    private static void AddDisjunction(BooleanQuery query, string field, IEnumerable<string> terms, float weight)
    {
        // A term repeated in the question weighs more, as in BM25's query-term frequency.
        foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
        {
            query.Add(new TermQuery(new Term(field, group.Key)) { Boost = weight * group.Count() }, Occur.SHOULD);
        }
    }
}
