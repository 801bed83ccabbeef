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
    /// <summary>The fingerprint of <paramref name="parts"/> (title and blocks, in order).</summary>
    /// <param name="parts">The texts, concatenated without separators.</param>
    /// <param name="hasher">Computes the signature; null to compute none.</param>
    /// <param name="minNearChars">Shortest dedup text that gets a signature.</param>
    public static DedupFingerprint Fingerprint(IEnumerable<string> parts, MinHasher? hasher, int minNearChars)
    {
        var capacity = 0L;
        foreach (var part in parts)
        {
            capacity += part.Length;
        }

        var buffer = ArrayPool<char>.Shared.Rent((int)Math.Min(Math.Max(capacity, 1), Array.MaxLength));
        try
        {
            var length = 0;
            foreach (var part in parts)
            {
                length = Append(part, buffer, length);
            }

            var text = buffer.AsSpan(0, length);
            var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text));
            var signature = hasher is not null && length >= minNearChars ? new ReadOnlyMemory<uint>(hasher.Compute(text)) : ReadOnlyMemory<uint>.Empty;
            return new DedupFingerprint(hash, length, signature);
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
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    buffer[length++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                }

                continue;
            }

            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                buffer[length++] = ChineseScriptFolder.Fold(c);
                continue;
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                    or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                    or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
                    or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol:
                    continue;
                default:
                    buffer[length++] = char.ToLowerInvariant(ChineseScriptFolder.Fold(c));
                    break;
            }
        }

        return length;
    }
}
