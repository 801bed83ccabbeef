using System.Text;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Whitespace handling shared by the parsers: runs collapse to one space; a line wrap between two CJK characters goes.</summary>
internal static class InlineText
{
    /// <summary>
    /// Collapses whitespace runs to one space and trims. A run holding a line break between two CJK characters is a
    /// wrap of the source (HTML, Markdown, Word line breaks), not a space, and is dropped; with
    /// <paramref name="dropAllCjkGaps"/> (PDF, where gaps come from glyph positions) any run between CJK characters is.
    /// </summary>
    public static string Collapse(string text, bool dropAllCjkGaps = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                pendingSpace = builder.Length > 0;
                pendingBreak |= c is '\n' or '\r' or '\u2028' or '\u2029';
                continue;
            }

            if (pendingSpace && !((pendingBreak || dropAllCjkGaps) && IsCjk(LastChar(builder)) && IsCjk(c)))
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            pendingBreak = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>True for Han ideographs (including surrogate halves of the supplementary planes), kana, CJK punctuation and full-width forms.</summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u2FDF')     // radicals
            or (>= '\u3000' and <= '\u30FF')   // CJK punctuation, hiragana, katakana
            or (>= '\u3400' and <= '\u4DBF')   // extension A
            or (>= '\u4E00' and <= '\u9FFF')   // unified ideographs
            or (>= '\uF900' and <= '\uFAFF')   // compatibility ideographs
            or (>= '\uFE30' and <= '\uFE4F')   // compatibility forms
            or (>= '\uFF00' and <= '\uFFEF')   // full-width forms
            or (>= '\uD840' and <= '\uD87F');  // high surrogates of planes 2-3 (extensions B-H)

    private static char LastChar(StringBuilder builder) =>
        builder.Length >= 2 && char.IsLowSurrogate(builder[^1]) ? builder[^2] : builder[^1];
}
