using System.Text;

namespace Hunyu.Models.Safety;

/// <summary>
/// Characters a reader does not see but a model reads: zero-width characters, Unicode tag characters (U+E0000–U+E007F,
/// which spell ASCII invisibly) and bidirectional overrides and isolates (which reorder what is displayed).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class HiddenText
{
    /// <summary>Zero-width characters in one passage beyond which it is taken to hide text (a stray one is common in web text).</summary>
    public const int ZeroWidthLimit = 3;

    // The waving black flag U+1F3F4 is followed by tag characters in the subdivision flags (England, Scotland, Wales).
    private const char FlagHigh = '\uD83C';
    private const char FlagLow = '\uDFF4';
    private const char TagHigh = '\uDB40';

    /// <summary>
    /// Whether <paramref name="text"/> hides text: a tag character outside a flag emoji, a bidirectional override or
    /// isolate, or more than <see cref="ZeroWidthLimit"/> zero-width characters.
    /// </summary>
    public static bool Hides(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var zeroWidth = 0;
        var inFlag = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == TagHigh && i + 1 < text.Length && IsTagLow(text[i + 1]))
            {
                if (!inFlag)
                {
                    return true;
                }

                i++;
                continue;
            }

            inFlag = c == FlagLow && i > 0 && text[i - 1] == FlagHigh;
            if (IsBidiControl(c))
            {
                return true;
            }

            if (IsZeroWidth(c) && !(c == '\uFEFF' && i == 0) && ++zeroWidth > ZeroWidthLimit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="text"/> without its invisible characters (the same instance when it has none).</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? kept = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = c == TagHigh && i + 1 < text.Length && IsTagLow(text[i + 1]);
            if (pair || IsBidiControl(c) || IsZeroWidth(c) || c is '\u200C' or '\u200D')
            {
                kept ??= new StringBuilder(text.Length).Append(text, 0, i);
                i += pair ? 1 : 0;
                continue;
            }

            kept?.Append(c);
        }

        return kept?.ToString() ?? text;
    }

    private static bool IsTagLow(char c) => c is >= '\uDC00' and <= '\uDC7F';

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    // ZWNJ and ZWJ (U+200C, U+200D) are not counted: emoji sequences and Indic and Persian text need them.
    private static bool IsZeroWidth(char c) => c is '\u200B' or (>= '\u2060' and <= '\u2064') or '\uFEFF' or '\u180E';
}
