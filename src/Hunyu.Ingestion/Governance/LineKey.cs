using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// The key under which boilerplate lines are compared: the line without white space, ASCII lower-cased, every run of
/// digits as one '#', so "第 3 页", "第12页" and "- 7 -" / "- 8 -" each meet in one key.
/// </summary>
internal static class LineKey
{
    /// <summary>Longest line that can be boilerplate; longer lines are running text and are never keyed.</summary>
    public const int MaxChars = 200;

    /// <summary>The key of <paramref name="line"/>, or 0 when the line is blank or longer than <see cref="MaxChars"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IsEmpty || line.Length > MaxChars)
        {
            return 0;
        }

        Span<char> key = stackalloc char[MaxChars];
        var length = 0;
        var inDigits = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (char.IsDigit(c))
            {
                if (!inDigits)
                {
                    key[length++] = '#';
                }

                inDigits = true;
                continue;
            }

            inDigits = false;
            key[length++] = char.ToLowerInvariant(c);
        }

        return length == 0 ? 0 : XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key[..length])) | 1;
    }

    /// <summary>The lines of <paramref name="text"/> (split at '\n') with their start offsets.</summary>
    public static IEnumerable<(int Start, int Length)> Lines(string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            yield return (start, end - start);
            start = end + 1;
        }
    }

    /// <summary>Whether line <paramref name="index"/> (text <paramref name="line"/>) is to be removed.</summary>
    public delegate bool LinePredicate(int index, ReadOnlySpan<char> line);

    /// <summary>
    /// Rebuilds <paramref name="text"/> without the lines <paramref name="remove"/> picks; returns the same instance
    /// when none is removed.
    /// </summary>
    public static string Without(string text, LinePredicate remove, out int removed)
    {
        removed = 0;
        var kept = new List<(int Start, int Length)>();
        var index = 0;
        foreach (var line in Lines(text))
        {
            if (remove(index++, text.AsSpan(line.Start, line.Length)))
            {
                removed++;
            }
            else
            {
                kept.Add(line);
            }
        }

        return removed == 0 ? text : string.Join('\n', kept.Select(line => text.Substring(line.Start, line.Length))).Trim('\n');
    }
}
