using System.Text;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Whitespace handling shared by the parsers: runs collapse to one space, and spaces between two CJK characters go.</summary>
internal static class InlineText
{
    /// <summary>Collapses whitespace runs to one space, trims, and drops whitespace between two CJK characters (line wraps, PDF glyph gaps).</summary>
    public static string Collapse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace && !(IsCjk(LastChar(builder)) && IsCjk(c)))
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Joins lines, keeping line breaks, after collapsing the spaces inside each line; blank lines are dropped.</summary>
    public static string CollapseKeepingLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(Collapse).Where(line => line.Length > 0);
        return string.Join('\n', lines);
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
