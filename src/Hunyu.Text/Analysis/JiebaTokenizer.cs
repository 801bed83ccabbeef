using JiebaNet.Segmenter;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using JiebaToken = JiebaNet.Segmenter.Token;

namespace Hunyu.Text.Analysis;

/// <summary>
/// A Lucene tokenizer over jieba.NET word segmentation. Emits words with their character offsets;
/// whitespace and punctuation are dropped, Latin words are kept whole.
/// </summary>
/// <remarks>Not thread-safe, like every Lucene tokenizer: analyzers keep one per thread.</remarks>
public sealed class JiebaTokenizer : Tokenizer
{
    private readonly JiebaSegmenter _segmenter = JiebaResources.CreateSegmenter();
    private readonly TokenizerMode _mode;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private IEnumerator<JiebaToken>? _tokens;
    private int _finalOffset;

    /// <summary>Creates a tokenizer reading <paramref name="input"/>.</summary>
    /// <param name="input">The text to segment.</param>
    /// <param name="mode"><see cref="TokenizerMode.Search"/> also emits the shorter words inside long ones (fine-grained, for indexing); <see cref="TokenizerMode.Default"/> emits the single most likely segmentation.</param>
    public JiebaTokenizer(TextReader input, TokenizerMode mode)
        : base(input)
    {
        _mode = mode;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    /// <inheritdoc />
    public override bool IncrementToken()
    {
        ClearAttributes();
        while (_tokens is not null && _tokens.MoveNext())
        {
            var token = _tokens.Current;
            if (!IsWord(token.Word))
            {
                continue;
            }

            _term.SetEmpty().Append(token.Word);
            _offset.SetOffset(CorrectOffset(token.StartIndex), CorrectOffset(token.EndIndex));
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        // PERF: jieba segments whole strings; chunks are bounded by the chunker, so reading all is fine.
        var text = m_input.ReadToEnd();
        _finalOffset = CorrectOffset(text.Length);
        _tokens = _segmenter.Tokenize(text, _mode, hmm: true).GetEnumerator();
    }

    /// <inheritdoc />
    public override void End()
    {
        base.End();
        _offset.SetOffset(_finalOffset, _finalOffset);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokens?.Dispose();
            _tokens = null;
        }

        base.Dispose(disposing);
    }

    private static bool IsWord(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
