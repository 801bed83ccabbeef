using System.Globalization;

namespace Hunyu.Ingestion.Governance;

/// <summary>Character counts of a text by script and class: what language detection and the quality filters measure.</summary>
/// <remarks>Accumulated one character at a time, so a document is profiled in one pass without joining its blocks.</remarks>
internal struct TextProfile
{
    private bool _inLatinWord;

    /// <summary>Characters that are not white space.</summary>
    public long Visible { get; private set; }

    /// <summary>CJK ideographs (Chinese characters, also used by Japanese).</summary>
    public long Han { get; private set; }

    /// <summary>Japanese kana.</summary>
    public long Kana { get; private set; }

    /// <summary>Korean hangul.</summary>
    public long Hangul { get; private set; }

    /// <summary>Latin letters (ASCII and accented).</summary>
    public long LatinLetters { get; private set; }

    /// <summary>Runs of Latin letters.</summary>
    public long LatinWords { get; private set; }

    /// <summary>Letters of other scripts (Cyrillic, Greek, Arabic, Thai, …).</summary>
    public long OtherLetters { get; private set; }

    /// <summary>Digits, punctuation and symbols.</summary>
    public long SymbolsAndDigits { get; private set; }

    /// <summary>Feeds the next characters.</summary>
    public void Add(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            // PERF: the common CJK ideographs, most characters of Chinese text, are counted here without a call.
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                Visible++;
                Han++;
                _inLatinWord = false;
            }
            else
            {
                Add(c);
            }
        }
    }

    /// <summary>Feeds the next character (surrogate halves count as other letters, pairwise close enough).</summary>
    public void Add(char c)
    {
        if (c <= ' ' || char.IsWhiteSpace(c))
        {
            _inLatinWord = false;
            return;
        }

        Visible++;
        if (c < 0x80)
        {
            if (char.IsAsciiLetter(c))
            {
                AddLatin();
            }
            else
            {
                SymbolsAndDigits++;
                _inLatinWord = false;
            }

            return;
        }

        _inLatinWord &= c is >= '\u00C0' and <= '\u024F';
        switch (c)
        {
            case >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF':
                Han++;
                return;
            case >= '\u3041' and <= '\u30FF' and not '\u30FB' and not '\u30FC':
                Kana++;
                return;
            case >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF':
                Hangul++;
                return;
            case >= '\u00C0' and <= '\u024F' when char.IsLetter(c):
                AddLatin();
                return;
        }

        switch (char.GetUnicodeCategory(c))
        {
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Surrogate:
                OtherLetters++;
                break;
            default:
                SymbolsAndDigits++;
                break;
        }
    }

    /// <summary>Ends a line or block: a word never spans two.</summary>
    public void Break() => _inLatinWord = false;

    private void AddLatin()
    {
        LatinLetters++;
        if (!_inLatinWord)
        {
            LatinWords++;
            _inLatinWord = true;
        }
    }
}
