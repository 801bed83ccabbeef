namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>
/// One forward pass of <see cref="PiiDetector"/> over a text. It jumps from trigger character to trigger character
/// (<see cref="PiiCues.Triggers"/>), tries the types that can start there, and continues after a match or after the
/// token that failed; so matches never overlap and every character is looked at a bounded number of times.
/// </summary>
internal ref partial struct PiiScanner
{
    private readonly ReadOnlySpan<char> _text;
    private readonly PiiTypeSet _types;
    private readonly List<PiiMatch> _matches;
    private readonly List<PiiNearMiss> _nearMisses;

    // End of the last match: a match found by looking back (an address that starts before 市) must not start before it.
    private int _consumed;

    // Cache of the next house number (号 after a numeral) at or after _markerFrom; see NextHouseNumber.
    private int _markerFrom;
    private int _marker;

    public PiiScanner(ReadOnlySpan<char> text, PiiTypeSet types, List<PiiMatch> matches, List<PiiNearMiss> nearMisses)
    {
        _text = text;
        _types = types;
        _matches = matches;
        _nearMisses = nearMisses;
        _markerFrom = -1;
        _marker = -1;
    }

    /// <summary>Scans the whole text, appending matches and near misses in order.</summary>
    public void Run()
    {
        var text = _text;
        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(PiiCues.Triggers);
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = text[i];
            if (PiiChars.IsAlphanumeric(c))
            {
                i = ScanToken(i);
            }
            else if (c == '+')
            {
                i = TryInternational(i, out var end) ? end : i + 1;
            }
            else if (PiiChars.IsOpenParen(c))
            {
                i = TryParenthesized(i, out var end) ? end : i + 1;
            }
            else
            {
                i = ScanChinese(i);
            }
        }
    }

    /// <summary>Tries everything that starts with the letter or digit at <paramref name="start"/>; returns where to continue.</summary>
    private int ScanToken(int start)
    {
        var end = TokenEnd(start);

        // Only the first character of a run of letters and digits starts a token (every path leaves the scan at a
        // run boundary; this keeps the "no match inside a longer number" rule if one ever does not).
        if (start > 0 && PiiChars.IsAlphanumeric(_text[start - 1]))
        {
            return end;
        }

        if (TryEmail(start, out var matched) || (end < _text.Length && _text[end] == ':' && TryIpv6(start, end, out matched)))
        {
            return matched;
        }

        if (IsNumberToken(start, end))
        {
            return TryIpv4(start, end, out matched) || TryNumber(start, out matched) ? matched : Math.Max(matched, end);
        }

        return TryWord(start, end, out matched) ? matched : end;
    }

    /// <summary>The end of the run of letters and digits that starts at <paramref name="start"/>.</summary>
    private readonly int TokenEnd(int start)
    {
        var end = start;
        while (end < _text.Length && PiiChars.IsAlphanumeric(_text[end]))
        {
            end++;
        }

        return end;
    }

    /// <summary>Digits only, or digits and a final 'X' (a resident ID's check character).</summary>
    private readonly bool IsNumberToken(int start, int end)
    {
        var last = end - 1;
        if (PiiChars.Letter(_text[last]) == 'X' && last > start)
        {
            last--;
        }

        for (var i = start; i <= last; i++)
        {
            if (!PiiChars.IsDigit(_text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Records a match (when its type is enabled) and returns true: a disabled type still consumes its characters, so they are not read as another type.</summary>
    private bool Add(PiiType type, int start, int end, double confidence)
    {
        if (_types.Contains(type))
        {
            _matches.Add(new PiiMatch(type, start, end, confidence));
        }

        _consumed = end;
        return true;
    }

    /// <summary>Records a near miss; only the longest reading of a number counts (a card's 19 digits, not also its first 16).</summary>
    private readonly void NearMiss(PiiType type, int start, int end)
    {
        if (_types.Contains(type) && (_nearMisses.Count == 0 || _nearMisses[^1].Start != start))
        {
            _nearMisses.Add(new PiiNearMiss(type, start, end));
        }
    }

    /// <summary>Copies the folded characters (ASCII digits, capitals) of <paramref name="start"/>..<paramref name="end"/> into <paramref name="destination"/>, skipping separators.</summary>
    private readonly int Fold(int start, int end, Span<char> destination)
    {
        var count = 0;
        for (var i = start; i < end && count < destination.Length; i++)
        {
            if (PiiChars.IsAlphanumeric(_text[i]))
            {
                destination[count++] = PiiChars.Fold(_text[i]);
            }
        }

        return count;
    }
}
