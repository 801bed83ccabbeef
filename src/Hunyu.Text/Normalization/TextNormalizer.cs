using System.Buffers;
using System.Text;

namespace Hunyu.Text.Normalization;

/// <summary>
/// Brings extracted text into the one canonical form that is hashed, chunked and indexed.
/// </summary>
/// <remarks>
/// <para>The steps, in order:</para>
/// <list type="number">
/// <item>Unpaired UTF-16 surrogates become U+FFFD (they would make Unicode normalisation throw).</item>
/// <item>Unicode NFKC. This folds full-width ASCII ("２０２４", "ＡＢＣ") to half-width, and also turns Chinese
/// full-width punctuation into its ASCII form: '，' → ',', '：' → ':', '？' → '?', '！' → '!', '；' → ';',
/// '（' → '(', and '…' → "...". That is deliberate (queries and documents then meet in one form); the
/// ideographic full stop '。', the enumeration comma '、' and the CJK brackets 「」『』《》【】 have no
/// compatibility mapping and stay as they are.</item>
/// <item>"\r\n" and "\r" become "\n"; the other line-breaking characters (U+000B, U+000C, U+0085, U+2028,
/// U+2029) also become "\n" so that removing them never glues two lines together.</item>
/// <item>Other control characters are removed, except "\t"; so are zero-width characters (U+200B–U+200D,
/// U+2060, U+FEFF) and the invisible soft hyphen U+00AD.</item>
/// <item>Other Unicode spaces (U+00A0, U+3000 ideographic space, U+2000–U+200A, …) become a plain space.</item>
/// <item>Inside a line, a run of two or more spaces/tabs becomes one space (a lone tab stays a tab);
/// whitespace at the start and end of every line is removed.</item>
/// <item>Three or more consecutive line breaks become two (one blank line), and leading and trailing line
/// breaks of the whole text are removed.</item>
/// </list>
/// <para>The result is stable: normalising it again returns it unchanged. The class is stateless and thread-safe.</para>
/// </remarks>
public static class TextNormalizer
{
    private const char ReplacementChar = '\uFFFD';

    /// <summary>Returns <paramref name="text"/> in canonical form (see the class remarks for the steps).</summary>
    /// <param name="text">The raw text.</param>
    /// <returns>The normalised text; the same instance when it was already normal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // PERF: most text from parsers is already clean ASCII/CJK; answer without allocating.
        var scan = Scan(text);
        if (scan == ScanResult.Normal)
        {
            return text;
        }

        string value = text;
        if ((scan & ScanResult.LoneSurrogate) != 0)
        {
            value = ReplaceLoneSurrogates(value);
        }

        bool folded = false;
        if ((scan & ScanResult.MaybeNotNfkc) != 0 && !value.IsNormalized(NormalizationForm.FormKC))
        {
            value = value.Normalize(NormalizationForm.FormKC);
            folded = true;
        }

        if (!folded && (scan & ScanResult.NeedsCleaning) == 0)
        {
            return value;
        }

        // NFKC can itself produce spaces (U+3000 → ' '), so clean after folding.
        value = Clean(value, out bool removedInvisible);

        // Removing an invisible character can bring a base letter and a combining mark together;
        // normalise once more so that the result is stable.
        if (removedInvisible && !value.IsNormalized(NormalizationForm.FormKC))
        {
            value = Clean(value.Normalize(NormalizationForm.FormKC), out _);
        }

        return value;
    }

    /// <summary>Whether <paramref name="text"/> is already in the form <see cref="Normalize"/> returns.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns>True when <see cref="Normalize"/> would return equal text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static bool IsNormalized(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text) == ScanResult.Normal || string.Equals(Normalize(text), text, StringComparison.Ordinal);
    }

    [Flags]
    private enum ScanResult
    {
        Normal = 0,
        NeedsCleaning = 1,
        MaybeNotNfkc = 2,
        LoneSurrogate = 4,
    }

    private enum Previous
    {
        Start,
        Visible,
        Space,
        OneNewline,
        TwoNewlines,
    }

    /// <summary>One cheap pass that says which of the expensive steps are needed.</summary>
    private static ScanResult Scan(string text)
    {
        var result = ScanResult.Normal;
        var previous = Previous.Start;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is > ' ' and < '\u007F')
            {
                previous = Previous.Visible;
                continue;
            }

            if (c is ' ' or '\t')
            {
                if (previous != Previous.Visible)
                {
                    result |= ScanResult.NeedsCleaning;
                }

                previous = Previous.Space;
                continue;
            }

            if (c == '\n')
            {
                if (previous is not (Previous.Visible or Previous.OneNewline))
                {
                    result |= ScanResult.NeedsCleaning;
                }

                previous = previous == Previous.OneNewline ? Previous.TwoNewlines : Previous.OneNewline;
                continue;
            }

            if (c < '\u007F' || IsSpecial(c))
            {
                // Control characters, odd spaces, zero-width characters, other line breaks.
                result |= ScanResult.NeedsCleaning;
                previous = Previous.Visible;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    result |= ScanResult.MaybeNotNfkc;
                }
                else
                {
                    result |= ScanResult.LoneSurrogate | ScanResult.NeedsCleaning;
                }

                previous = Previous.Visible;
                continue;
            }

            if (!IsKnownNfkcStable(c))
            {
                result |= ScanResult.MaybeNotNfkc;
            }

            previous = Previous.Visible;
        }

        if (previous != Previous.Visible && previous != Previous.Start)
        {
            result |= ScanResult.NeedsCleaning;
        }

        return result;
    }

    /// <summary>Characters that Clean changes in any way (besides plain space, tab and "\n").</summary>
    private static bool IsSpecial(char c) =>
        c is <= '\u009F' or '\u00A0' or '\u00AD' or '\u1680' or (>= '\u2000' and <= '\u200D')
            or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u2060' or '\u3000' or '\uFEFF';

    /// <summary>
    /// Characters NFKC certainly leaves alone: CJK unified ideographs, kana, and the common CJK
    /// punctuation without a compatibility mapping. Everything else goes through the real check.
    /// </summary>
    private static bool IsKnownNfkcStable(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF')
            or (>= '\u3400' and <= '\u4DBF')
            or (>= '\u3041' and <= '\u3096')
            or (>= '\u30A1' and <= '\u30FA')
            or '\u3001' or '\u3002'
            or (>= '\u3008' and <= '\u3011')
            or '\u2014' or '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u00B7' or '\u30FB' or '\u30FC';

    private static string ReplaceLoneSurrogates(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                {
                    span[i] = c;
                    span[i + 1] = source[i + 1];
                    i++;
                }
                else
                {
                    span[i] = char.IsSurrogate(c) ? ReplacementChar : c;
                }
            }
        });
    }

    /// <summary>The single pass over NFKC text: line breaks, controls, invisible characters and whitespace.</summary>
    private static string Clean(string text, out bool removedInvisible)
    {
        removedInvisible = false;
        char[] buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            int length = 0;
            int pendingNewlines = 0;
            int pendingSpaces = 0;
            bool pendingIsTab = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                switch (Classify(c))
                {
                    case CharClass.Visible:
                        if (length > 0)
                        {
                            if (pendingNewlines > 0)
                            {
                                buffer[length++] = '\n';
                                if (pendingNewlines > 1)
                                {
                                    buffer[length++] = '\n';
                                }
                            }
                            else if (pendingSpaces > 0)
                            {
                                buffer[length++] = pendingSpaces == 1 && pendingIsTab ? '\t' : ' ';
                            }
                        }

                        pendingNewlines = 0;
                        pendingSpaces = 0;
                        buffer[length++] = c;
                        break;

                    case CharClass.Space:
                        pendingSpaces++;
                        pendingIsTab = c == '\t';
                        break;

                    case CharClass.Newline:
                        if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            i++;
                        }

                        pendingNewlines++;
                        pendingSpaces = 0;
                        break;

                    default:
                        removedInvisible = true;
                        break;
                }
            }

            return buffer.AsSpan(0, length).SequenceEqual(text) ? text : new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private enum CharClass
    {
        Visible,
        Space,
        Newline,
        Removed,
    }

    private static CharClass Classify(char c)
    {
        if (c > '\u3000')
        {
            return c is '\uFEFF' ? CharClass.Removed : CharClass.Visible;
        }

        if (c is > ' ' and < '\u007F')
        {
            return CharClass.Visible;
        }

        return c switch
        {
            ' ' or '\t' => CharClass.Space,
            '\n' or '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029' => CharClass.Newline,
            < ' ' or (>= '\u007F' and <= '\u009F') => CharClass.Removed,
            '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' => CharClass.Removed,
            '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000' => CharClass.Space,
            _ => CharClass.Visible,
        };
    }
}
