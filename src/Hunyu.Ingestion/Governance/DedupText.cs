using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// Builds the text that deduplication compares: normalised text with Traditional characters folded to Simplified,
/// ASCII lower-cased, white space, punctuation and symbols removed — so copies that differ only in layout, script,
/// case or punctuation meet. Stateless; thread-safe.
/// </summary>
internal static class DedupText
{
    /// <summary>
    /// The dedup form of every UTF-16 code unit, '\0' for the dropped ones. PERF: one table read per character instead
    /// of a category lookup and a Traditional/Simplified lookup; 128 KB, built on first use.
    /// </summary>
    private static readonly Lazy<char[]> Forms = new(BuildForms);

    /// <summary>
    /// The fingerprint of a document: the hash covers <paramref name="title"/> and <paramref name="body"/> (so only
    /// whole copies are exact duplicates), the signature the body alone (a title shared by neighbouring documents, such
    /// as a law's name or an article's, would otherwise make them look alike).
    /// </summary>
    /// <param name="title">The title; empty for chunks.</param>
    /// <param name="body">The texts of the body, concatenated without separators.</param>
    /// <param name="hasher">Computes the signature; null to compute none.</param>
    /// <param name="minNearChars">Shortest body dedup text that gets a signature.</param>
    /// <param name="isKept">Says whether the hash is already kept; then no signature is computed (the exact-hash short-circuit).</param>
    public static DedupFingerprint Fingerprint(string title, IReadOnlyList<string> body, MinHasher? hasher, int minNearChars, Func<UInt128, bool>? isKept = null)
    {
        var capacity = (long)title.Length;
        foreach (var part in body)
        {
            capacity += part.Length;
        }

        var buffer = ArrayPool<char>.Shared.Rent((int)Math.Min(Math.Max(capacity, 1), Array.MaxLength));
        try
        {
            var titleLength = Append(title, buffer, 0);
            var length = titleLength;
            foreach (var part in body)
            {
                length = Append(part, buffer, length);
            }

            var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(buffer.AsSpan(0, length)));
            var text = buffer.AsSpan(titleLength, length - titleLength);
            var signature = hasher is not null && text.Length >= minNearChars && isKept?.Invoke(hash) != true
                ? new ReadOnlyMemory<ushort>(hasher.Compute(text))
                : ReadOnlyMemory<ushort>.Empty;
            return new DedupFingerprint(hash, text.Length, signature);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The dedup text of <paramref name="parts"/> as a string (for tests and diagnostics).</summary>
    public static string Of(params string[] parts)
    {
        var buffer = new char[parts.Sum(part => part.Length)];
        var length = 0;
        foreach (var part in parts)
        {
            length = Append(part, buffer, length);
        }

        return new string(buffer, 0, length);
    }

    private static int Append(string text, char[] buffer, int length)
    {
        var forms = Forms.Value;
        foreach (var c in text)
        {
            var form = forms[c];
            if (form != '\0')
            {
                buffer[length++] = form;
            }
        }

        return length;
    }

    private static char[] BuildForms()
    {
        var forms = new char[char.MaxValue + 1];
        for (var code = 0; code <= char.MaxValue; code++)
        {
            forms[code] = FormOf((char)code);
        }

        return forms;
    }

    /// <summary>The dedup form of one character: ASCII letters and digits lower-cased, Chinese folded to Simplified, white space, punctuation and symbols dropped ('\0').</summary>
    private static char FormOf(char c)
    {
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c) ? (char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c) : '\0';
        }

        if (c is >= '\u4E00' and <= '\u9FFF')
        {
            return ChineseScriptFolder.Fold(c);
        }

        switch (char.GetUnicodeCategory(c))
        {
            case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
                or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol:
                return '\0';
            default:
                return char.ToLowerInvariant(ChineseScriptFolder.Fold(c));
        }
    }
}
