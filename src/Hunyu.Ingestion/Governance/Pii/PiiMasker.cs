namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Applies a <see cref="PiiPolicy"/> to text: masks values in place and says whether to drop the chunk or flag the document.</summary>
/// <remarks>
/// <para>Masking replaces characters one for one with <see cref="MaskChar"/>, so the text keeps its length
/// and every offset computed on the original (chunk boundaries, citations, other matches) stays valid.
/// Separators stay ("138-****-5678"); a full-width digit becomes a half-width '*' (one UTF-16 unit each).</para>
/// <para>What stays visible, per type: resident ID and bank card the first 6 and last 4 characters
/// (110105********1234); mobile the first 3 and last 4 digits of the national number (138****5678, +86 kept);
/// landline the area code and last 4 digits; e-mail the first character of the local part and the domain
/// (a****@example.com); passport, Hong Kong and Taiwan IDs the letter and the last 1–3 characters; credit code
/// the authority, type and region (first 8) and the check character; IP address the first two octets or
/// groups; name the surname; address its first 6 characters (province, city), at most half of it.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class PiiMasker
{
    /// <summary>The character that replaces a masked one.</summary>
    public const char MaskChar = '*';

    private const int AddressKeep = 6;

    /// <summary>Applies <paramref name="policy"/> to the <paramref name="matches"/> found in <paramref name="text"/>.</summary>
    /// <param name="text">The text the matches were found in.</param>
    /// <param name="matches">Matches in <paramref name="text"/>, ordered and not overlapping (as <see cref="PiiDetector.Find(string)"/> returns them).</param>
    /// <param name="policy">What to do with each type.</param>
    /// <returns>The masked text (the same instance when nothing was masked) and what to do with the chunk and the document.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A match is empty, outside the text, or out of order or overlapping the one before.</exception>
    public static PiiMaskResult Apply(string text, IReadOnlyList<PiiMatch> matches, PiiPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(policy);

        char[]? buffer = null;
        HashSet<PiiType>? drop = null;
        HashSet<PiiType>? flag = null;
        var masked = 0;
        var previousEnd = 0;
        for (var m = 0; m < matches.Count; m++)
        {
            var match = matches[m];
            if (match.Start < previousEnd || match.End <= match.Start || match.End > text.Length)
            {
                throw new ArgumentException(
                    $"match {m} ({match.Type} {match.Start}..{match.End}) is empty, outside the text (length {text.Length}) or overlaps the one before (ending at {previousEnd}); matches must be ordered and disjoint",
                    nameof(matches));
            }

            previousEnd = match.End;
            switch (policy.ActionFor(match))
            {
                case PiiAction.Keep:
                    continue;
                case PiiAction.FlagDocument:
                    (flag ??= []).Add(match.Type);
                    continue;
                case PiiAction.DropChunk:
                    // SECURITY: the text is masked too, so a report or log of the dropped chunk does not carry the value.
                    (drop ??= []).Add(match.Type);
                    break;
            }

            buffer ??= text.ToCharArray();
            MaskInPlace(buffer.AsSpan(match.Start, match.Length), match.Type);
            masked++;
        }

        return new PiiMaskResult
        {
            Text = buffer is null ? text : new string(buffer),
            Masked = masked,
            DropChunkTypes = drop ?? [],
            FlagDocumentTypes = flag ?? [],
        };
    }

    /// <summary>The masked form of one value of type <paramref name="type"/> (e.g. for snippets shown to a user without clearance).</summary>
    /// <param name="value">The value, as matched.</param>
    /// <param name="type">Its type.</param>
    /// <returns>The value with its middle replaced by <see cref="MaskChar"/>, the same length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string Mask(string value, PiiType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = value.ToCharArray();
        MaskInPlace(buffer, type);
        return new string(buffer);
    }

    private static void MaskInPlace(Span<char> value, PiiType type)
    {
        switch (type)
        {
            case PiiType.Email:
                var at = value.LastIndexOf('@');
                KeepEnds(at > 0 ? value[..at] : value, 1, 0);
                break;
            case PiiType.IpAddress:
                MaskAfterSeparators(value, value.Contains(':') ? ':' : '.', 2);
                break;
            case PiiType.PersonName:
                KeepEnds(value, Math.Max(1, PiiCues.SurnameLength(value)), 0, all: true);
                break;
            case PiiType.Address:
                KeepEnds(value, Math.Min(AddressKeep, value.Length / 2), 0, all: true);
                break;
            case PiiType.MobilePhone:
                // The national number is the last 11 digits: keep its first 3 (and any country code) and last 4.
                KeepEnds(value, Math.Max(0, Significant(value) - 8), 4);
                break;
            case PiiType.Landline:
                KeepEnds(value, AreaCodeLength(value), 4);
                break;
            default:
                var (first, last) = type switch
                {
                    PiiType.ResidentId or PiiType.BankCard => (6, 4),
                    PiiType.UnifiedSocialCreditCode => (8, 1),
                    PiiType.Passport or PiiType.TaiwanId => (1, 3),
                    _ => (1, 1),
                };
                KeepEnds(value, first, last);
                break;
        }

        KeepSurrogatePairsWhole(value);
    }

    /// <summary>Masks the significant characters (letters and digits, or every character when <paramref name="all"/>) except the first and last ones.</summary>
    private static void KeepEnds(Span<char> value, int first, int last, bool all = false)
    {
        var total = all ? value.Length : Significant(value);

        // Never show the whole value: short values keep less.
        while (first + last >= total && (first > 0 || last > 0))
        {
            if (last > 0)
            {
                last--;
            }
            else
            {
                first--;
            }
        }

        var seen = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (!all && !PiiChars.IsAlphanumeric(value[i]))
            {
                continue;
            }

            if (seen >= first && seen < total - last)
            {
                value[i] = MaskChar;
            }

            seen++;
        }
    }

    /// <summary>Masks every letter and digit after the <paramref name="keep"/>-th <paramref name="separator"/>.</summary>
    private static void MaskAfterSeparators(Span<char> value, char separator, int keep)
    {
        var seen = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == separator)
            {
                seen++;
            }
            else if (seen >= keep && PiiChars.IsAlphanumeric(value[i]))
            {
                value[i] = MaskChar;
            }
        }
    }

    private static int Significant(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (PiiChars.IsAlphanumeric(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The digits of the first group ("010" in "(010) 1234 5678", "86" in "+86-10-…"), or 3–4 by the area code rule for a number in one run.</summary>
    private static int AreaCodeLength(ReadOnlySpan<char> value)
    {
        var first = 0;
        while (first < value.Length && !PiiChars.IsAlphanumeric(value[first]))
        {
            first++;
        }

        var end = first;
        while (end < value.Length && PiiChars.IsAlphanumeric(value[end]))
        {
            end++;
        }

        if (end < value.Length || end - first < 2)
        {
            return end - first;
        }

        return PiiChars.Digit(value[first + 1]) is 1 or 2 ? 3 : 4;
    }

    /// <summary>A surrogate pair is masked whole or not at all, so no lone surrogate is left behind.</summary>
    private static void KeepSurrogatePairsWhole(Span<char> value)
    {
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] == MaskChar && char.IsLowSurrogate(value[i + 1]))
            {
                value[i + 1] = MaskChar;
            }
            else if (char.IsHighSurrogate(value[i]) && value[i + 1] == MaskChar)
            {
                value[i] = MaskChar;
            }
        }
    }
}
