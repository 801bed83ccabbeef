using JiebaNet.Segmenter;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Util;

namespace Hunyu.Text.Analysis;

/// <summary>Chinese word analysis: jieba segmentation, width folding and lower-casing.</summary>
/// <param name="mode">Fine-grained (<see cref="TokenizerMode.Search"/>) for documents, precise (<see cref="TokenizerMode.Default"/>) for queries.</param>
public sealed class JiebaAnalyzer(TokenizerMode mode) : Analyzer
{
    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new JiebaTokenizer(reader, mode);
        TokenStream stream = new CJKWidthFilter(tokenizer);
        stream = new LowerCaseFilter(LuceneVersion.LUCENE_48, stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
