namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Numbers: resident IDs, bank cards, all-digit credit codes, mobile and landline numbers, IPv4.</summary>
internal ref partial struct PiiScanner
{
    // Most digit groups of one number: a 19-digit card in groups of four has five.
    private const int MaxGroups = 6;

    // A digit run longer than this belongs to no identifier (a card number in one run has 19 digits).
    private const int MaxGroupLength = 19;

    // Longest number any type accepts, country code and extension included.
    private const int MaxNumberLength = 24;

    // Shortest number TryNumber accepts: a mobile, or area code and local number.
    private const int MinNumberLength = 11;

    private const int MaxExtensionLength = 5;

    /// <summary>
    /// A number whose first digit group starts at <paramref name="start"/>; the longest run of groups that is an
    /// identifier wins. When none is, <paramref name="end"/> is after the groups read: a number does not start
    /// inside another grouped number ("4435 0982 2547 0259" holds no landline 0982 2547 0259).
    /// </summary>
    private bool TryNumber(int start, out int end)
    {
        end = start;

        // "3.14159265358" is a decimal; "+1 415 555 0100" has a foreign country code (TryInternational took +86).
        if (PiiChars.FollowsDottedNumber(_text, start) || (start > 0 && _text[start - 1] == '+'))
        {
            return false;
        }

        Span<DigitGroup> groups = stackalloc DigitGroup[MaxGroups];
        Span<char> digits = stackalloc char[MaxNumberLength];
        Span<int> lengths = stackalloc int[MaxGroups];
        var read = ReadGroups(start, groups);
        end = groups[read - 1].End;
        var count = FoldGroups(groups[..read], digits, lengths);
        for (var k = count; k >= 1; k--)
        {
            var total = Sum(lengths[..k]);
            if (total < MinNumberLength)
            {
                // Shorter prefixes are shorter still.
                break;
            }

            var nearMisses = _nearMisses.Count;
            if (!PiiChars.PrecedesDottedNumber(_text, groups[k - 1].End) && MatchNumber(groups[..k], lengths[..k], digits[..total], start))
            {
                end = groups[k - 1].End;
                return true;
            }

            // The number was read as an identifier with a wrong check: its first groups are not another one
            // ("6224 4915 6214 0648 110" fails Luhn; "6224 4915 6214 0648" passing it is chance).
            if (_nearMisses.Count > nearMisses)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Which type, if any, the digit groups <paramref name="groups"/> (folded into <paramref name="digits"/>) are.</summary>
    private bool MatchNumber(scoped ReadOnlySpan<DigitGroup> groups, scoped ReadOnlySpan<int> lengths, scoped ReadOnlySpan<char> digits, int start)
    {
        var end = groups[^1].End;
        var idShaped = false;
        if (digits.Length == ResidentIdCheck.Length && (groups.Length == 1 || Is(lengths, 6, 8, 4)))
        {
            switch (ResidentIdCheck.Check(digits))
            {
                case CheckOutcome.Passed:
                    return Add(PiiType.ResidentId, start, end, PiiConfidence.ResidentId);
                case CheckOutcome.Failed:
                    // A valid region, year and month with a wrong day or check digit is a mistyped ID, not a card number.
                    NearMiss(PiiType.ResidentId, start, end);
                    idShaped = true;
                    break;
            }
        }

        if (groups[^1].EndsWithX || idShaped)
        {
            return false;
        }

        if (groups.Length == 1 && CreditCodeCheck.Check(digits) == CheckOutcome.Passed)
        {
            return Add(PiiType.UnifiedSocialCreditCode, start, end, PiiConfidence.CreditCode);
        }

        if (groups.Length == 1 || IsCardGrouping(lengths))
        {
            switch (BankCardCheck.Check(digits))
            {
                case CheckOutcome.Passed:
                    return Add(PiiType.BankCard, start, end, PiiCues.Precede(_text, start, PiiCues.BankCard) ? PiiConfidence.BankCardWithCue : PiiConfidence.BankCard);
                case CheckOutcome.Failed when groups.Length > 1:
                    NearMiss(PiiType.BankCard, start, end);
                    break;
            }
        }

        // "0086 138 1234 5678" and "008613812345678".
        if (digits.StartsWith("0086") && digits.Length > 4)
        {
            return lengths[0] == 4
                ? IsMobile(lengths[1..], digits[4..]) && Add(PiiType.MobilePhone, start, end, PiiConfidence.MobileWithCue)
                : groups.Length == 1 && IsMobile(lengths, digits[4..]) && Add(PiiType.MobilePhone, start, end, PiiConfidence.MobileWithCue);
        }

        if (IsMobile(lengths, digits))
        {
            return Add(PiiType.MobilePhone, start, end, PiiCues.Precede(_text, start, PiiCues.Phone) ? PiiConfidence.MobileWithCue : PiiConfidence.Mobile);
        }

        if (groups.Length > 1)
        {
            return IsLandline(lengths, digits, trunkZero: true)
                && Add(PiiType.Landline, start, end, PiiCues.Precede(_text, start, PiiCues.Phone) ? PiiConfidence.LandlineWithCue : PiiConfidence.Landline);
        }

        // "01012345678" is only a landline when a cue word says so.
        return IsBareLandline(digits) && PiiCues.Precede(_text, start, PiiCues.Phone) && Add(PiiType.Landline, start, end, PiiConfidence.LandlineWithCue);
    }

    /// <summary>"+86 138 1234 5678", "+8613812345678", "+86-10-12345678" (the area code loses its 0 after +86).</summary>
    private bool TryInternational(int plus, out int end)
    {
        end = plus;
        var first = plus + 1;
        if ((plus > 0 && PiiChars.IsAlphanumeric(_text[plus - 1])) || first + 1 >= _text.Length
            || PiiChars.Digit(_text[first]) != 8 || PiiChars.Digit(_text[first + 1]) != 6)
        {
            return false;
        }

        Span<DigitGroup> groups = stackalloc DigitGroup[MaxGroups];
        Span<char> digits = stackalloc char[MaxNumberLength];
        Span<int> lengths = stackalloc int[MaxGroups];
        var count = FoldGroups(groups[..ReadGroups(first, groups)], digits, lengths);
        for (var k = count; k >= 1; k--)
        {
            var total = Sum(lengths[..k]);
            var last = groups[k - 1].End;
            if (total < 2 || PiiChars.PrecedesDottedNumber(_text, last))
            {
                continue;
            }

            var national = digits[2..total];
            var matched = lengths[0] == 2
                ? (k > 1 && IsMobile(lengths[1..k], national) && Add(PiiType.MobilePhone, plus, last, PiiConfidence.MobileWithCue))
                    || (k > 2 && IsLandline(lengths[1..k], national, trunkZero: false) && Add(PiiType.Landline, plus, last, PiiConfidence.LandlineWithCue))
                : k == 1 && IsMobile(lengths[..1], national) && Add(PiiType.MobilePhone, plus, last, PiiConfidence.MobileWithCue);
            if (matched)
            {
                end = last;
                return true;
            }
        }

        return false;
    }

    /// <summary>"(010) 1234 5678", "（0755）12345678", "(+86) 138 1234 5678".</summary>
    private bool TryParenthesized(int open, out int end)
    {
        end = open;
        var text = _text;
        var p = open + 1;
        var international = p + 3 < text.Length && text[p] == '+' && PiiChars.Digit(text[p + 1]) == 8 && PiiChars.Digit(text[p + 2]) == 6
            && PiiChars.IsCloseParen(text[p + 3]);
        var areaEnd = p;
        while (!international && areaEnd < text.Length && areaEnd - p <= 4 && PiiChars.IsDigit(text[areaEnd]))
        {
            areaEnd++;
        }

        if (!international && (areaEnd - p is not (3 or 4) || areaEnd >= text.Length || !PiiChars.IsCloseParen(text[areaEnd])))
        {
            return false;
        }

        var first = (international ? p + 4 : areaEnd + 1) is var q && q < text.Length && PiiChars.IsGroupSeparator(text[q]) ? q + 1 : q;
        if (first >= text.Length || !PiiChars.IsDigit(text[first]))
        {
            return false;
        }

        Span<DigitGroup> groups = stackalloc DigitGroup[MaxGroups];
        Span<char> digits = stackalloc char[MaxNumberLength];
        Span<int> lengths = stackalloc int[MaxGroups + 1];

        // The area code is the first group of a landline.
        var area = international ? 0 : Fold(p, areaEnd, digits);
        lengths[0] = area;
        var count = FoldGroups(groups[..ReadGroups(first, groups)], digits[area..], lengths[1..]);
        for (var k = count; k >= 1; k--)
        {
            var last = groups[k - 1].End;
            var total = area + Sum(lengths[1..(k + 1)]);
            if (PiiChars.PrecedesDottedNumber(text, last))
            {
                continue;
            }

            var matched = international
                ? IsMobile(lengths[1..(k + 1)], digits[..total]) && Add(PiiType.MobilePhone, open, last, PiiConfidence.MobileWithCue)
                : IsLandline(lengths[..(k + 1)], digits[..total], trunkZero: true)
                    && Add(PiiType.Landline, open, last, PiiCues.Precede(text, open, PiiCues.Phone) ? PiiConfidence.LandlineWithCue : PiiConfidence.Landline);
            if (matched)
            {
                end = last;
                return true;
            }
        }

        return false;
    }

    /// <summary>"192.168.1.1": four octets 0–255 without leading zeros, not part of a longer dotted number or a version.</summary>
    private bool TryIpv4(int start, int tokenEnd, out int end)
    {
        end = start;
        if (tokenEnd - start > 3 || tokenEnd >= _text.Length || _text[tokenEnd] != '.' || (start > 0 && _text[start - 1] is '.' or '．'))
        {
            return false;
        }

        if (!ParseIpv4(start, out var last) || (last < _text.Length && (PiiChars.IsAlphanumeric(_text[last]) || PiiChars.PrecedesDottedNumber(_text, last)))
            || PiiCues.Precede(_text, start, PiiCues.Version, PiiCues.VersionWindow))
        {
            return false;
        }

        end = last;
        return Add(PiiType.IpAddress, start, end, PiiConfidence.IpAddress);
    }

    /// <summary>Reads four dot-separated octets from <paramref name="start"/>; no check of what follows.</summary>
    private readonly bool ParseIpv4(int start, out int end)
    {
        var text = _text;
        var p = start;
        end = start;
        for (var octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (p >= text.Length || text[p] != '.')
                {
                    return false;
                }

                p++;
            }

            var first = p;
            var value = 0;
            while (p < text.Length && p - first < 4 && PiiChars.IsDigit(text[p]))
            {
                value = (value * 10) + PiiChars.Digit(text[p]);
                p++;
            }

            var length = p - first;
            if (length is 0 or > 3 || value > 255 || (length > 1 && PiiChars.Digit(text[first]) == 0))
            {
                return false;
            }
        }

        end = p;
        return true;
    }

    /// <summary>
    /// Reads up to <see cref="MaxGroups"/> digit runs joined by single separators ("138 1234 5678"); a run that
    /// runs into letters, or is too long to be part of an identifier, ends the number before it.
    /// </summary>
    private readonly int ReadGroups(int start, Span<DigitGroup> groups)
    {
        var text = _text;
        var count = 0;
        var p = start;
        while (count < groups.Length)
        {
            // PERF: only the first run is read to its end (the caller skips it); later runs stop once too long.
            var limit = count == 0 ? text.Length : Math.Min(text.Length, p + MaxGroupLength + 1);
            var e = p;
            while (e < limit && PiiChars.IsDigit(text[e]))
            {
                e++;
            }

            var x = e > p && e < text.Length && PiiChars.Letter(text[e]) == 'X';
            if (x)
            {
                e++;
            }

            if (e == p || (e < text.Length && PiiChars.IsAlphanumeric(text[e])))
            {
                break;
            }

            groups[count++] = new DigitGroup(p, e, x);
            if (x || e + 1 >= text.Length || !PiiChars.IsGroupSeparator(text[e]) || !PiiChars.IsDigit(text[e + 1]))
            {
                break;
            }

            p = e + 1;
        }

        return count;
    }

    /// <summary>Folds the groups into <paramref name="digits"/> and their lengths into <paramref name="lengths"/>; returns how many groups fit.</summary>
    private readonly int FoldGroups(ReadOnlySpan<DigitGroup> groups, Span<char> digits, Span<int> lengths)
    {
        var total = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var length = groups[g].Length;
            if (total + length > digits.Length)
            {
                return g;
            }

            Fold(groups[g].Start, groups[g].End, digits[total..]);
            lengths[g] = length;
            total += length;
        }

        return groups.Length;
    }

    private static int Sum(ReadOnlySpan<int> values)
    {
        var sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static bool IsMobile(ReadOnlySpan<int> lengths, ReadOnlySpan<char> national) =>
        national.Length == 11 && national[0] == '1' && national[1] >= '3' && !national.ContainsAnyExceptInRange('0', '9')
        && (lengths.Length == 1 || Is(lengths, 3, 4, 4) || Is(lengths, 3, 8) || Is(lengths, 7, 4));

    /// <summary>Area code group, then a local number of one or two groups, then an optional extension group.</summary>
    private static bool IsLandline(ReadOnlySpan<int> lengths, ReadOnlySpan<char> digits, bool trunkZero)
    {
        if (lengths.Length < 2 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var area = lengths[0];
        var code = digits[..area];
        var isShortArea = trunkZero
            ? area == 3 && code[0] == '0' && (code[1..].SequenceEqual("10") || code[1] == '2')
            : area == 2 && (code.SequenceEqual("10") || code[0] == '2');
        var isLongArea = trunkZero ? area == 4 && code[0] == '0' && code[1] >= '3' : area == 3 && code[0] >= '3';
        if (!isShortArea && !isLongArea)
        {
            return false;
        }

        var local = lengths[1..];
        if (IsLocalNumber(local, digits[area..], isShortArea))
        {
            return true;
        }

        // "010-12345678-8001": the last group is an extension.
        return local.Length > 1 && local[^1] <= MaxExtensionLength && IsLocalNumber(local[..^1], digits[area..^local[^1]], isShortArea);
    }

    private static bool IsLocalNumber(ReadOnlySpan<int> lengths, ReadOnlySpan<char> local, bool shortArea) =>
        lengths.Length is 1 or 2 && lengths[^1] >= 3 && lengths[0] >= 3
        && (shortArea ? local.Length == 8 : local.Length is 7 or 8) && local[0] >= '2';

    /// <summary>"01012345678", "075586013388": area code and local number in one run.</summary>
    private static bool IsBareLandline(ReadOnlySpan<char> digits)
    {
        if (digits.Length is not (11 or 12) || digits[0] != '0' || digits[1] == '0')
        {
            return false;
        }

        var area = digits[1] is '1' or '2' ? 3 : 4;
        if (digits[1] == '1' && digits[2] != '0')
        {
            return false;
        }

        var local = digits[area..];
        return (area == 3 ? local.Length == 8 : local.Length is 7 or 8) && local[0] >= '2';
    }

    /// <summary>Groups of four with a shorter last group ("6222 0212 3456 7890 123"), or American Express's 4-6-5.</summary>
    private static bool IsCardGrouping(ReadOnlySpan<int> lengths)
    {
        if (Is(lengths, 4, 6, 5))
        {
            return true;
        }

        for (var g = 0; g < lengths.Length - 1; g++)
        {
            if (lengths[g] != 4)
            {
                return false;
            }
        }

        return lengths.Length >= 3 && lengths[^1] is >= 1 and <= 4;
    }

    private static bool Is(ReadOnlySpan<int> lengths, params ReadOnlySpan<int> expected) => lengths.SequenceEqual(expected);
}
