namespace Hunyu.Ingestion.Governance;

/// <summary>
/// Finds machine-generated runs in text: base64 blobs (a long run of base64 characters without spaces that mixes
/// upper case, lower case and digits) and long hexadecimal runs (hashes, dumps). One linear pass, no regular
/// expressions, so a 200 MB line costs one scan. Stateless; thread-safe.
/// </summary>
internal static class JunkScanner
{
    /// <summary>The junk runs of <paramref name="text"/> as (start, length), in order; null when there are none.</summary>
    public static List<(int Start, int Length)>? Find(string text, int minBase64, int minHex)
    {
        // PERF: a run needs at least this many ASCII characters; text without them (most Chinese) is done at once.
        if (text.Length < Math.Min(minBase64, minHex))
        {
            return null;
        }

        List<(int, int)>? runs = null;
        var start = -1;
        bool upper = false, lower = false, digit = false, hexOnly = true, hexLetter = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_')
            {
                if (start < 0)
                {
                    start = i;
                    upper = lower = digit = hexLetter = false;
                    hexOnly = true;
                }

                upper |= char.IsAsciiLetterUpper(c);
                lower |= char.IsAsciiLetterLower(c);
                digit |= char.IsAsciiDigit(c);
                hexOnly &= char.IsAsciiHexDigit(c);
                hexLetter |= char.IsAsciiHexDigit(c) && !char.IsAsciiDigit(c);
                continue;
            }

            if (start >= 0)
            {
                var length = i - start;
                if ((hexOnly && digit && hexLetter && length >= minHex) || (upper && lower && digit && length >= minBase64))
                {
                    (runs ??= []).Add((start, length));
                }

                start = -1;
            }
        }

        return runs;
    }
}
