using Hunyu.Text.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Lucene;

/// <summary>
/// Builds the ranking query for a question: content words (jieba, stop words dropped) plus CJK
/// bigrams over the chunk text, plus a small title boost. Each clause is a disjunction of terms, so a
/// long lay question still matches passages that share only some of its words.
/// </summary>
public static class ChunkQueryBuilder
{
    /// <summary>Builds the query; null when the text has no searchable term.</summary>
    public static Query? Build(string normalizedQuery)
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
        return query;
    }

    private static void AddDisjunction(BooleanQuery query, string field, IEnumerable<string> terms, float weight)
    {
        var disjunction = new BooleanQuery(disableCoord: true);
        // A term repeated in the question weighs more, as in BM25's query-term frequency.
        foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
        {
            disjunction.Add(new TermQuery(new Term(field, group.Key)) { Boost = group.Count() }, Occur.SHOULD);
        }

        if (disjunction.Clauses.Count > 0)
        {
            disjunction.Boost = weight;
            query.Add(disjunction, Occur.SHOULD);
        }
    }
}
