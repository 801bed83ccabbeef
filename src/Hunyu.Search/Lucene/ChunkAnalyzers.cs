using Hunyu.Text.Analysis;
using JiebaNet.Segmenter;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;

namespace Hunyu.Search.Lucene;

/// <summary>
/// The named analyzers of the chunk index: fine-grained jieba words for documents, precise jieba
/// words for queries, and CJK bigrams for both. Index and query sides use the same field names.
/// </summary>
public static class ChunkAnalyzers
{
    /// <summary>Analyzer used when writing chunks.</summary>
    public static Analyzer Index { get; } = new PerFieldAnalyzerWrapper(
        new KeywordAnalyzer(),
        new Dictionary<string, Analyzer>
        {
            [IndexFields.Words] = new JiebaAnalyzer(TokenizerMode.Search),
            [IndexFields.TitleWords] = new JiebaAnalyzer(TokenizerMode.Search),
            [IndexFields.Bigrams] = new CjkBigramAnalyzer(),
        });

    /// <summary>Analyzer turning a query into words.</summary>
    /// <summary>Analyzer turning a query (or stored text, for highlighting) into bigrams.</summary>
    public static Analyzer Bigrams { get; } = new CjkBigramAnalyzer();
}
