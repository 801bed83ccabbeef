using System.Buffers;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// Finds machine-generated runs in text: base64 blobs (a long run of base64 characters without spaces that mixes
/// upper case, lower case and digits) and long hexadecimal runs (hashes, dumps). One linear pass, no regular
/// expressions, so a 200 MB line costs one scan. Stateless; thread-safe.
/// </summary>
internal static class JunkScanner
{
    /// <summary>The characters of a run: base64 (standard and URL-safe) and hexadecimal digits.</summary>
    private static readonly SearchValues<char> RunChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_");

    /// <summary>The junk runs of <paramref name="text"/> as (start, length), in order; null when there are none.</summary>
    public static List<(int Start, int Length)>? Find(string text, int minBase64, int minHex)
    {
        // PERF: a run needs at least this many characters, and both kinds need a digit: text without an ASCII digit
        // (most Chinese) is done with one vectorised search.
        if (text.Length < Math.Min(minBase64, minHex) || !text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return null;
        }

        // PERF: runs are found with vectorised searches; only runs long enough to count are classified character by character.
        List<(int, int)>? runs = null;
        var span = text.AsSpan();
        var minRun = Math.Min(minBase64, minHex);
        for (var at = 0; at < span.Length;)
        {
            var offset = span[at..].IndexOfAny(RunChars);
            if (offset < 0)
            {
                break;
            }

            var start = at + offset;
            var length = span[start..].IndexOfAnyExcept(RunChars) is var end and >= 0 ? end : span.Length - start;
            at = start + length;
            if (length < minRun)
            {
                continue;
            }

            bool upper = false, lower = false, digit = false, hexOnly = true, hexLetter = false;
            foreach (var c in span.Slice(start, length))
            {
                upper |= char.IsAsciiLetterUpper(c);
                lower |= char.IsAsciiLetterLower(c);
                digit |= char.IsAsciiDigit(c);
                hexOnly &= char.IsAsciiHexDigit(c);
                hexLetter |= char.IsAsciiHexDigit(c) && !char.IsAsciiDigit(c);
            }

            if ((hexOnly && digit && hexLetter && length >= minHex) || (upper && lower && digit && length >= minBase64))
            {
                (runs ??= []).Add((start, length));
            }
        }

        return runs;
    }
}
