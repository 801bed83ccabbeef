namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Chinese person names and addresses, found only next to cue words (lower confidence).</summary>
internal ref partial struct PiiScanner
{
    private const int MaxAddressLength = 60;
    private const int MinAddressLength = 6;
    private const int MaxSpacesAfterCue = 3;

    // An address opened by a province-level name has an administrative unit this close after it
    // (北京市, 广东省深圳市, 广东深圳市, 新疆维吾尔自治区).
    private const int ProvinceUnitWindow = 6;

    /// <summary>Tries the cue words that start at <paramref name="i"/>; returns where to continue.</summary>
    private int ScanChinese(int i)
    {
        if (!PiiCues.ByFirstChar.TryGetValue(_text[i], out var cues))
        {
            return i + 1;
        }

        var rest = _text[i..];
        foreach (var cue in cues)
        {
            if (!rest.StartsWith(cue.Word, StringComparison.Ordinal))
            {
                continue;
            }

            var after = i + cue.Word.Length;
            var end = cue.Kind switch
            {
                CueKind.Name when _types.Contains(PiiType.PersonName) => TryName(after),
                CueKind.Address when _types.Contains(PiiType.Address) => TryCuedAddress(after),
                CueKind.Province when _types.Contains(PiiType.Address) => TryProvinceAddress(i, after),
                _ => -1,
            };
            return end >= 0 ? end : i + 1;
        }

        return i + 1;
    }

    /// <summary>"姓名：张三", "申請人陳大文，": a surname from the list and one or two given-name characters, then a boundary.</summary>
    private readonly int TryName(int after)
    {
        var text = _text;
        var colon = after < text.Length && text[after] is ':' or '：';
        var start = SkipSpaces(colon ? after + 1 : after);
        var surname = PiiCues.SurnameLength(text[start..]);
        if (surname == 0)
        {
            return -1;
        }

        var given = start + surname;
        for (var length = 2; length >= 1; length--)
        {
            var end = given + length;
            if (end > text.Length || !PiiCues.CanBeGivenName(text[given]) || (length == 2 && !PiiCues.CanBeGivenName(text[given + 1])))
            {
                continue;
            }

            // The name ends where the Han text ends or where a word that follows names begins (性别, 先生, 电话…);
            // a longer run of Han characters is prose, not a name.
            if (end == text.Length || !PiiChars.IsHan(text[end]) || PiiCues.StartsWithNameStop(text[end..]))
            {
                Add(PiiType.PersonName, start, end, colon ? PiiConfidence.NameAfterColon : PiiConfidence.Name);
                return end;
            }
        }

        return -1;
    }

    /// <summary>"地址：北京市海淀区中关村大街27号": after a colon an administrative unit suffices; without one, a street and a number are needed too.</summary>
    private int TryCuedAddress(int after)
    {
        var text = _text;
        var colon = after < text.Length && text[after] is ':' or '：';
        var start = SkipSpaces(colon ? after + 1 : after);
        if (!colon && NextNumberMarker(start) - start >= MaxAddressLength)
        {
            return -1;
        }

        var spanEnd = AddressSpanEnd(start);
        var span = text[start..spanEnd];
        if (span.Length < MinAddressLength || span.IndexOfAny(PiiCues.AdminUnits) < 0)
        {
            return -1;
        }

        var marker = LastNumberMarker(start, spanEnd);
        if (!colon && (marker < 0 || text[start..marker].IndexOfAny(PiiCues.Streets) < 0))
        {
            return -1;
        }

        var end = marker >= 0 ? marker + 1 : spanEnd;
        Add(PiiType.Address, start, end, colon ? PiiConfidence.AddressAfterColon : PiiConfidence.Address);
        return end;
    }

    /// <summary>"北京市海淀区颐和园路5号": a province-level name, an administrative unit right after it, a street, a number.</summary>
    private int TryProvinceAddress(int start, int after)
    {
        // PERF: province names are common words; without a number marker close ahead there is no address.
        if (NextNumberMarker(after) - start >= MaxAddressLength)
        {
            return -1;
        }

        var text = _text;
        var spanEnd = AddressSpanEnd(start);
        var unit = text[after..Math.Min(spanEnd, after + ProvinceUnitWindow)].IndexOfAny(PiiCues.AdminUnits);
        if (unit < 0)
        {
            return -1;
        }

        var streetFrom = after + unit + 1;
        var street = text[streetFrom..spanEnd].IndexOfAny(PiiCues.Streets);
        var marker = street < 0 ? -1 : LastNumberMarker(streetFrom + street + 1, spanEnd);
        if (marker < 0)
        {
            return -1;
        }

        Add(PiiType.Address, start, marker + 1, PiiConfidence.Address);
        return marker + 1;
    }

    /// <summary>Where an address that starts at <paramref name="start"/> must end: punctuation, a space, a following field (电话, 邮编…) or the length limit.</summary>
    private readonly int AddressSpanEnd(int start)
    {
        var text = _text;
        var limit = Math.Min(text.Length, start + MaxAddressLength);
        var end = start;
        while (end < limit && IsAddressChar(text[end]) && (end == start || !PiiCues.StartsWithAddressStop(text[end..])))
        {
            end++;
        }

        return end;
    }

    /// <summary>The last number marker (号 after a numeral) in <paramref name="start"/>..<paramref name="end"/>, or -1.</summary>
    private readonly int LastNumberMarker(int start, int end)
    {
        for (var i = end - 1; i > start; i--)
        {
            if (PiiCues.NumberMarkers.Contains(_text[i]) && PiiCues.IsNumeral(_text[i - 1]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The first number marker (号 after a numeral) at or after <paramref name="position"/>, or the text length.
    /// Positions only grow during a scan, so the answer is cached and every character is searched once.
    /// </summary>
    private int NextNumberMarker(int position)
    {
        if (position >= _markerFrom && position <= _marker)
        {
            return _marker;
        }

        var text = _text;
        var i = Math.Max(position, 1);
        while (true)
        {
            var next = text[i..].IndexOfAny(PiiCues.NumberMarkers);
            if (next < 0)
            {
                i = text.Length;
                break;
            }

            i += next;
            if (PiiCues.IsNumeral(text[i - 1]))
            {
                break;
            }

            i++;
        }

        _markerFrom = position;
        _marker = i;
        return i;
    }

    private readonly int SkipSpaces(int position)
    {
        var end = position;
        while (end < _text.Length && end - position < MaxSpacesAfterCue && _text[end] is ' ' or '\u3000' or '\u00A0')
        {
            end++;
        }

        return end;
    }

    private static bool IsAddressChar(char c) =>
        PiiChars.IsHan(c) || PiiChars.IsAlphanumeric(c) || c is '-' or '－' or '#' or '＃' or '(' or ')' or '（' or '）' or '·';
}
