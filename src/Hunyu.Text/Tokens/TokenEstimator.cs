using System.Globalization;

namespace Hunyu.Text.Tokens;

/// <summary>
/// Estimates how many model tokens a text costs, without a tokenizer: good enough for chunk budgets.
/// </summary>
/// <remarks>
/// <para>The rules: every CJK ideograph, kana and hangul syllable counts 1; a run of letters and digits
/// (Latin, Cyrillic, Greek, …, with their combining marks) counts ceil(length / 4), at least 1; every other
/// character (punctuation, symbols, emoji) counts 1, a surrogate pair counting once; whitespace counts 0.</para>
/// <para>The count never decreases as text is appended, and the count of a concatenation is at most the
/// sum of the counts of its parts. The class is stateless and thread-safe.</para>
/// </remarks>
public static class TokenEstimator
{
    /// <summary>Characters of a letter/digit run that make one token.</summary>
    public const int CharsPerWordToken = 4;

    /// <summary>Estimates the tokens of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimated token count; 0 for empty or whitespace-only text.</returns>
    public static int Count(ReadOnlySpan<char> text)
    {
        int tokens = 0;
        int run = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            var kind = Classify(text, i);
            if (kind == Kind.Word)
            {
                run++;
                continue;
            }

            tokens += RunTokens(run);
            run = 0;
            if (kind == Kind.Token)
            {
                tokens++;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return tokens + RunTokens(run);
    }

    /// <summary>
    /// The length of the longest prefix of <paramref name="text"/> that costs at most
    /// <paramref name="maxTokens"/>, never ending between the halves of a surrogate pair.
    /// </summary>
    /// <param name="text">The text to cut.</param>
    /// <param name="maxTokens">The budget, at least 1.</param>
    /// <returns>A length in 0..<paramref name="text"/>.Length; at least 1 when the text is not empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is less than 1.</exception>
    public static int FitPrefix(ReadOnlySpan<char> text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        int tokens = 0;
        int run = 0;
        int i = 0;
        while (i < text.Length)
        {
            var kind = Classify(text, i);
            int width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            int next;
            if (kind == Kind.Word)
            {
                next = tokens + RunTokens(run + 1);
            }
            else
            {
                next = tokens + RunTokens(run) + (kind == Kind.Token ? 1 : 0);
            }

            if (next > maxTokens)
            {
                // A single character always fits a budget of 1, so the prefix is never empty.
                return i;
            }

            if (kind == Kind.Word)
            {
                run++;
            }
            else
            {
                tokens = next;
                run = 0;
            }

            i += width;
        }

        return text.Length;
    }

    private enum Kind
    {
        Space,
        Word,
        Token,
    }

    private static int RunTokens(int run) => (run + CharsPerWordToken - 1) / CharsPerWordToken;

    private static Kind Classify(ReadOnlySpan<char> text, int index)
    {
        char c = text[index];
        if (c < '\u0080')
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                return Kind.Word;
            }

            return c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' || c < ' ' ? Kind.Space : Kind.Token;
        }

        if (IsIdeographic(c))
        {
            return Kind.Token;
        }

        if (char.IsSurrogate(c))
        {
            // Supplementary planes: CJK extensions and emoji count as one token per code point.
            return Kind.Token;
        }

        if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD')
        {
            return Kind.Space;
        }

        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            ? Kind.Word
            : Kind.Token;
    }

    private static bool IsIdeographic(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF')
            or (>= '\u3400' and <= '\u4DBF')
            or (>= '\uF900' and <= '\uFAFF')
            or (>= '\u3040' and <= '\u30FF')
            or (>= '\u31F0' and <= '\u31FF')
            or (>= '\uFF66' and <= '\uFF9F')
            or (>= '\uAC00' and <= '\uD7AF')
            or (>= '\u1100' and <= '\u11FF')
            or (>= '\u3130' and <= '\u318F')
            or '\u3005' or '\u3007';
}
