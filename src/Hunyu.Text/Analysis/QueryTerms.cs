using JiebaNet.Segmenter;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Hunyu.Text.Analysis;

/// <summary>The terms of a question, as search and answer selection see them.</summary>
public static class QueryTerms
{
    private static readonly Analyzer Words = new JiebaAnalyzer(TokenizerMode.Default);
    private static readonly Analyzer CharacterBigrams = new CjkBigramAnalyzer();

    /// <summary>
    /// Jieba words (precise mode) of <paramref name="normalizedText"/> without stop words; all words
    /// when every word is a stop word, so a question of function words still searches something.
    /// </summary>
    public static List<string> ContentWords(string normalizedText)
    {
        var words = Analyze(Words, normalizedText);
        var content = words.Where(w => !StopWords.Contains(w)).ToList();
        return content.Count > 0 ? content : words;
    }

    /// <summary>CJK character bigrams (and whole Latin words) of <paramref name="normalizedText"/>.</summary>
    public static List<string> Bigrams(string normalizedText) => Analyze(CharacterBigrams, normalizedText);

    /// <summary>The terms <paramref name="analyzer"/> produces for <paramref name="text"/>.</summary>
    public static List<string> Analyze(Analyzer analyzer, string text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(string.Empty, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }
}
