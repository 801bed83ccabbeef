namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Tokens with letters: e-mail, IPv6, credit codes, Hong Kong and Taiwan IDs, passports.</summary>
internal ref partial struct PiiScanner
{
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 253;
    private const int MaxLabel = 63;

    // Longest token TryWord looks at (a credit code).
    private const int MaxWordLength = 18;

    // Fewest hex digits in an IPv6 address: "a::b" in code is not one, "fe80::1" is.
    private const int MinIpv6HexDigits = 4;

    /// <summary>"name.surname+tag@mail.example.com.cn", from the start of the local part.</summary>
    private bool TryEmail(int start, out int end)
    {
        end = start;
        var text = _text;
        if (start > 0 && IsLocalPartChar(text[start - 1]))
        {
            return false;
        }

        var at = start;
        while (at < text.Length && at - start <= MaxLocalPart && IsLocalPartChar(text[at]))
        {
            at++;
        }

        if (at == start || at >= text.Length || text[at] != '@' || at - start > MaxLocalPart
            || text[at - 1] == '.' || text[start..at].Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        var domainEnd = DomainEnd(at + 1);
        if (domainEnd < 0)
        {
            return false;
        }

        end = domainEnd;
        return Add(PiiType.Email, start, end, PiiConfidence.Email);
    }

    /// <summary>The end of a domain of at least two labels whose last label is alphabetic, or -1.</summary>
    private readonly int DomainEnd(int start)
    {
        var text = _text;
        var p = start;
        var end = -1;
        var labels = 0;
        var topLevelIsAlphabetic = false;
        while (p - start <= MaxDomain)
        {
            var labelStart = p;
            while (p < text.Length && p - labelStart <= MaxLabel && (char.IsAsciiLetterOrDigit(text[p]) || text[p] == '-'))
            {
                p++;
            }

            var label = text[labelStart..p];
            if (label.IsEmpty || label.Length > MaxLabel || label[0] == '-' || label[^1] == '-')
            {
                break;
            }

            labels++;
            end = p;
            topLevelIsAlphabetic = label.Length >= 2 && IsAsciiLetters(label);
            if (p + 1 < text.Length && text[p] == '.' && char.IsAsciiLetterOrDigit(text[p + 1]))
            {
                p++;
                continue;
            }

            break;
        }

        var ok = labels >= 2 && topLevelIsAlphabetic && end - start <= MaxDomain && p - start <= MaxDomain
            && !(end < text.Length && PiiChars.IsAlphanumeric(text[end]));
        return ok ? end : -1;
    }

    /// <summary>"2001:db8::8a2e:370:7334", "fe80::1", "::ffff:" forms are read from their first group.</summary>
    private bool TryIpv6(int start, int tokenEnd, out int end)
    {
        end = start;
        var text = _text;
        if (tokenEnd - start > 4 || (start > 0 && text[start - 1] == ':') || !IsHex(start, tokenEnd))
        {
            return false;
        }

        var p = start;
        var last = start;
        var groups = 0;
        var hexDigits = 0;
        var compressed = false;
        while (true)
        {
            var first = p;
            while (p < text.Length && p - first <= 4 && PiiChars.IsHex(text[p]))
            {
                p++;
            }

            var length = p - first;
            if (length == 0)
            {
                break;
            }

            if (length > 4)
            {
                return false;
            }

            // An IPv4 tail ("::ffff:192.168.1.1") counts as two groups.
            if (p < text.Length && text[p] == '.')
            {
                if (groups > 6 || !ParseIpv4(first, out last))
                {
                    return false;
                }

                groups += 2;
                hexDigits += length;
                break;
            }

            groups++;
            hexDigits += length;
            last = p;
            if (p + 1 < text.Length && text[p] == ':' && text[p + 1] == ':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                p += 2;
                last = p;
                continue;
            }

            if (p + 1 < text.Length && text[p] == ':' && PiiChars.IsHex(text[p + 1]))
            {
                p++;
                continue;
            }

            break;
        }

        var valid = (compressed ? groups <= 7 : groups == 8) && hexDigits >= MinIpv6HexDigits
            && !(last < text.Length && (PiiChars.IsAlphanumeric(text[last]) || text[last] == '.'));
        if (!valid)
        {
            return false;
        }

        end = last;
        return Add(PiiType.IpAddress, start, end, PiiConfidence.IpAddress);
    }

    /// <summary>A token of letters and digits: credit code, Taiwan ID, Hong Kong ID, passport.</summary>
    private bool TryWord(int start, int tokenEnd, out int end)
    {
        end = tokenEnd;
        var length = tokenEnd - start;
        if (length > MaxWordLength)
        {
            return false;
        }

        Span<char> word = stackalloc char[MaxWordLength + 1];
        Fold(start, tokenEnd, word);
        var folded = word[..length];
        switch (length)
        {
            case CreditCodeCheck.Length:
                switch (CreditCodeCheck.Check(folded))
                {
                    case CheckOutcome.Passed:
                        return Add(PiiType.UnifiedSocialCreditCode, start, end, PiiConfidence.CreditCode);
                    case CheckOutcome.Failed:
                        NearMiss(PiiType.UnifiedSocialCreditCode, start, end);
                        return false;
                }

                break;
            case TaiwanIdCheck.Length:
                switch (TaiwanIdCheck.Check(folded))
                {
                    case CheckOutcome.Passed:
                        return Add(PiiType.TaiwanId, start, end, PiiConfidence.RegionalId);
                    case CheckOutcome.Failed when !PiiCues.Precede(_text, start, PiiCues.Passport):
                        NearMiss(PiiType.TaiwanId, start, end);
                        return false;
                }

                break;
        }

        switch (ParenthesizedHongKongId(start, tokenEnd, word, out end))
        {
            case CheckOutcome.Passed:
                return true;
            case CheckOutcome.Failed:
                return false;
        }

        // A passport cue decides between a mainland passport and a Hong Kong ID written without parentheses
        // ("香港特别行政区护照：ES7539500" has two letters and seven digits, like AB123456(7)).
        end = tokenEnd;
        var strong = IsChinesePassport(folded);
        if ((strong || IsPermitShaped(folded)) && PiiCues.Precede(_text, start, PiiCues.Passport))
        {
            return Add(PiiType.Passport, start, end, PiiConfidence.PassportWithCue);
        }

        if (length is 8 or 9 && PiiCues.Precede(_text, start, PiiCues.HongKongId) && HongKongIdCheck.Check(folded) == CheckOutcome.Passed)
        {
            return Add(PiiType.HongKongId, start, end, PiiConfidence.RegionalId);
        }

        return strong && Add(PiiType.Passport, start, end, PiiConfidence.Passport);
    }

    /// <summary>"A123456(3)", the check character in ASCII or full-width parentheses: a match, a near miss, or not this shape.</summary>
    private CheckOutcome ParenthesizedHongKongId(int start, int tokenEnd, scoped Span<char> word, out int end)
    {
        end = tokenEnd;
        var text = _text;
        var length = tokenEnd - start;
        if (length is not (7 or 8) || tokenEnd + 2 >= text.Length || !PiiChars.IsOpenParen(text[tokenEnd]) || !PiiChars.IsCloseParen(text[tokenEnd + 2])
            || PiiChars.Fold(text[tokenEnd + 1]) is not (>= '0' and <= '9' or 'A'))
        {
            return CheckOutcome.NoShape;
        }

        word[length] = PiiChars.Fold(text[tokenEnd + 1]);
        end = tokenEnd + 3;
        var outcome = HongKongIdCheck.Check(word[..(length + 1)]);
        switch (outcome)
        {
            case CheckOutcome.Passed:
                Add(PiiType.HongKongId, start, end, PiiConfidence.RegionalId);
                break;
            case CheckOutcome.Failed:
                NearMiss(PiiType.HongKongId, start, end);
                break;
        }

        return outcome;
    }

    /// <summary>Mainland passports: E or G and 8 digits, E, a letter (not I or O) and 7 digits, or DE/SE/PE and 7 digits.</summary>
    private static bool IsChinesePassport(ReadOnlySpan<char> w) =>
        w.Length == 9 && (
            (w[0] is 'E' or 'G' && !w[1..].ContainsAnyExceptInRange('0', '9'))
            || (w[0] == 'E' && char.IsAsciiLetterUpper(w[1]) && w[1] is not ('I' or 'O') && !w[2..].ContainsAnyExceptInRange('0', '9'))
            || (w[0] is 'D' or 'S' or 'P' && w[1] == 'E' && !w[2..].ContainsAnyExceptInRange('0', '9')));

    /// <summary>One or two letters and 6–10 digits: other passports and travel permits (C12345678, H1234567890), accepted after a cue word.</summary>
    private static bool IsPermitShaped(ReadOnlySpan<char> w)
    {
        var letters = char.IsAsciiLetterUpper(w[0]) ? w.Length > 1 && char.IsAsciiLetterUpper(w[1]) ? 2 : 1 : 0;
        var digits = w.Length - letters;
        return letters > 0 && digits is >= 6 and <= 10 && !w[letters..].ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsAsciiLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private readonly bool IsHex(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!PiiChars.IsHex(_text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
