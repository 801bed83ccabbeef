using System.Collections.Frozen;

namespace Hunyu.Text.Sentences;

/// <summary>
/// Splits Chinese and English (and mixed) text into sentences, as ranges over the input so callers keep
/// character offsets.
/// </summary>
/// <remarks>
/// <para>Rules, meant for text after <see cref="Normalization.TextNormalizer"/> but safe on raw text:</para>
/// <list type="bullet">
/// <item>A line break always ends a sentence.</item>
/// <item>'。', '！', '？', '；', '…', '．' always end one.</item>
/// <item>'!', '?' and ';' (also what NFKC makes of '！', '？', '；') end one when followed by whitespace, the
/// end, a CJK character or an opening bracket or quote, or when preceded by a CJK character; so "?q=1" in
/// a URL or "a;b" in code does not.</item>
/// <item>Two or more dots (an ellipsis, also NFKC's form of '……') end one when followed by whitespace, the
/// end or a CJK character.</item>
/// <item>A single '.' ends one when followed by whitespace or the end, except after a common abbreviation
/// (Mr., Dr., e.g., i.e., U.S., etc. before a lower-case word, No. before a number), a single-letter initial,
/// or a 1–3 digit list number that opens the sentence ("1. Scope"); '.' between digits (3.14) or inside a
/// word (example.com) never does. A '.' right before a CJK character ends one unless a digit precedes it.</item>
/// <item>Runs of terminators ("?!", "。。") stay together, and closing quotes and brackets right after the
/// terminator (” 」 』 ) " ') stay with the sentence.</item>
/// </list>
/// <para>Spans are trimmed of whitespace (and zero-width characters) at both ends, so no span is empty or
/// blank; the whitespace between sentences belongs to none. The class is stateless and thread-safe.</para>
/// </remarks>
public static class SentenceSplitter
{
    private const int MaxListNumberDigits = 3;

    /// <summary>Abbreviations that never end a sentence (lower case, without the final dot).</summary>
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "e.g", "i.e", "u.s", "u.k", "u.n",
        "inc", "ltd", "co", "corp", "al", "approx", "dept", "gen", "gov", "col", "capt", "lt", "sgt", "rev",
        "hon", "cf", "viz", "ph.d", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "ed", "eds", "esp", "resp", "min", "max", "ca");

    /// <summary>Abbreviations that do not end a sentence when a number follows ("No. 5", "Art. 12").</summary>
    private static readonly FrozenSet<string> NumberAbbreviations = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "no", "nos", "art", "arts", "sec", "fig", "figs", "vol", "p", "pp", "ch", "para");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NumberAbbreviationLookup =
        NumberAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Splits <paramref name="text"/> into sentences.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The sentences in order, none empty or blank, none overlapping; empty when the text is blank.</returns>
    public static IReadOnlyList<SentenceSpan> Split(ReadOnlySpan<char> text)
    {
        var sentences = new List<SentenceSpan>();
        int start = -1;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsLineBreak(c))
            {
                Add(sentences, text, start, i);
                start = -1;
                i++;
                continue;
            }

            if (IsBlank(c))
            {
                i++;
                continue;
            }

            if (start < 0)
            {
                start = i;
            }

            if (!IsTerminator(c))
            {
                i++;
                continue;
            }

            int runStart = i;
            bool strong = false;
            bool mark = false;
            int dots = 0;
            while (i < text.Length && IsTerminator(text[i]))
            {
                char t = text[i];
                if (t == '.')
                {
                    dots++;
                }
                else if (t is '!' or '?' or ';')
                {
                    mark = true;
                }
                else
                {
                    strong = true;
                }

                i++;
            }

            while (i < text.Length && IsCloser(text[i]))
            {
                i++;
            }

            if (strong || EndsSentence(text, start, runStart, i, mark, dots))
            {
                Add(sentences, text, start, i);
                start = -1;
            }
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    private static bool EndsSentence(ReadOnlySpan<char> text, int start, int runStart, int after, bool mark, int dots)
    {
        bool atEnd = after >= text.Length;
        char next = atEnd ? '\0' : text[after];
        bool boundary = atEnd || IsBlank(next) || IsLineBreak(next);
        char previous = runStart > start ? text[runStart - 1] : '\0';

        if (mark)
        {
            return boundary || IsCjk(next) || IsOpener(next) || IsCjk(previous);
        }

        if (dots >= 2)
        {
            return boundary || IsCjk(next) || (IsCjk(previous) && !char.IsAsciiLetterOrDigit(next));
        }

        if (!atEnd && IsCjk(next))
        {
            return !char.IsAsciiDigit(previous);
        }

        if (!boundary)
        {
            return false;
        }

        if (IsCjk(previous))
        {
            return true;
        }

        return !IsAbbreviationOrNumber(text, start, runStart, after);
    }

    /// <summary>Whether the word before a single '.' makes it a non-terminal dot.</summary>
    private static bool IsAbbreviationOrNumber(ReadOnlySpan<char> text, int start, int dot, int after)
    {
        int wordStart = dot;
        while (wordStart > start && (char.IsAsciiLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        if (word.IsEmpty)
        {
            int digitsStart = dot;
            while (digitsStart > start && char.IsAsciiDigit(text[digitsStart - 1]))
            {
                digitsStart--;
            }

            int digits = dot - digitsStart;
            return digits is > 0 and <= MaxListNumberDigits && digitsStart == start;
        }

        if (wordStart > start && char.IsAsciiDigit(text[wordStart - 1]))
        {
            return false;
        }

        if (word.Length == 1 && char.IsAsciiLetter(word[0]))
        {
            // An initial, as in "J. K. Rowling".
            return true;
        }

        char nextWord = NextVisible(text, after);
        if (word.Equals("etc", StringComparison.OrdinalIgnoreCase))
        {
            return !char.IsAsciiLetterUpper(nextWord);
        }

        if (NumberAbbreviationLookup.Contains(word))
        {
            return char.IsAsciiDigit(nextWord);
        }

        return AbbreviationLookup.Contains(word) || IsInitialism(word);
    }

    /// <summary>"U.S", "e.g", "Ph.D": segments of one or two letters joined by dots.</summary>
    private static bool IsInitialism(ReadOnlySpan<char> word)
    {
        if (word.IndexOf('.') < 0)
        {
            return false;
        }

        int segment = 0;
        foreach (char c in word)
        {
            if (c == '.')
            {
                if (segment == 0)
                {
                    return false;
                }

                segment = 0;
            }
            else if (++segment > 2)
            {
                return false;
            }
        }

        return segment > 0;
    }

    private static char NextVisible(ReadOnlySpan<char> text, int from)
    {
        for (int i = from; i < text.Length; i++)
        {
            if (IsLineBreak(text[i]))
            {
                return '\0';
            }

            if (!IsBlank(text[i]))
            {
                return text[i];
            }
        }

        return '\0';
    }

    private static void Add(List<SentenceSpan> sentences, ReadOnlySpan<char> text, int start, int end)
    {
        if (start < 0)
        {
            return;
        }

        while (end > start && (IsBlank(text[end - 1]) || IsLineBreak(text[end - 1])))
        {
            end--;
        }

        if (end > start)
        {
            sentences.Add(new SentenceSpan(start, end - start));
        }
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsBlank(char c) =>
        c is ' ' or '\t' || (c > '\u007F' && (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF'));

    private static bool IsTerminator(char c) =>
        c is '.' or '!' or '?' or ';' or '。' or '！' or '？' or '；' or '…' or '｡' or '．' or '‼' or (>= '\u2047' and <= '\u2049');

    private static bool IsCloser(char c) =>
        c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '」' or '』' or '）' or '］' or '】' or '》' or '〉' or '〕' or '〗' or '｝' or '»';

    private static bool IsOpener(char c) =>
        c is '(' or '[' or '{' or '"' or '\'' or '“' or '‘' or '「' or '『' or '（' or '【' or '《' or '〈' or '«';

    /// <summary>CJK scripts and punctuation (and everything beyond the BMP, mostly CJK extensions).</summary>
    private static bool IsCjk(char c) => c >= '\u2E80' && !IsTerminator(c) && !IsCloser(c);
}
