namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Chinese person names and addresses, found only next to cue words or province names (lower confidence).</summary>
internal ref partial struct PiiScanner
{
    private const int MaxAddressLength = 60;
    private const int MaxSpacesAfterCue = 3;

    // The address grammar: administrative segments (北京市, 南山区, 内蒙古自治区), then streets (中关村大街,
    // 羅斯福路, 四段), then a house number (27号, 15-7號), then building, floor and room (3栋201室, 5樓).
    private const int MaxUnitSegments = 4;
    private const int MaxUnitSegmentLength = 8;
    private const int MaxStreetSegments = 3;
    private const int MaxStreetSegmentLength = 10;
    private const int MaxHouseNumberLength = 6;
    private const int MaxBuildingUnits = 4;
    private const int MaxBuildingNumberLength = 5;

    // An address opened by a province-level name has its first unit character this close after the name
    // (北京市, 广东省, 广东深圳市, 广西壮族自治区), so "上海店位于上海市…" starts at the second 上海.
    private const int ProvinceUnitWindow = 4;

    private const int CityNameLength = 2;

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
                CueKind.City when _types.Contains(PiiType.Address) => TryCityAddress(i),
                _ => -1,
            };
            return end >= 0 ? end : i + 1;
        }

        return i + 1;
    }

    /// <summary>
    /// "姓名：张三", "聯絡人：陳大文", "原告李建国，": a listed surname and one or two given-name characters. After a
    /// colon the name ends at any character that is not Han, or at a word that follows names (性别, 先生, 在, 的…);
    /// right after the cue word it must end at punctuation, a space or the end ("申请人应当…" is prose).
    /// </summary>
    private int TryName(int after)
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
        if (PiiCues.StartsWithFieldWord(text[given..]))
        {
            return -1;
        }

        for (var length = 2; length >= 1; length--)
        {
            var end = given + length;
            if (end > text.Length || !PiiCues.CanBeGivenName(text[given]) || (length == 2 && !PiiCues.CanBeGivenName(text[given + 1])))
            {
                continue;
            }

            var ends = end == text.Length
                || (colon ? !PiiChars.IsHan(text[end]) : !PiiChars.IsHan(text[end]) && !PiiChars.IsAlphanumeric(text[end]))
                || PiiCues.StartsWithNameStop(text[end..], field: colon);
            if (ends)
            {
                Add(PiiType.PersonName, start, end, colon ? PiiConfidence.NameAfterColon : PiiConfidence.Name);
                return end;
            }
        }

        return -1;
    }

    /// <summary>
    /// "地址：北京市海淀区中关村大街27号": after a colon, administrative units or a street and number suffice (and a
    /// number further on in the field is included); right after the cue word, units, street and number are all needed.
    /// </summary>
    private int TryCuedAddress(int after)
    {
        var text = _text;
        var colon = after < text.Length && text[after] is ':' or '：';
        var start = SkipSpaces(colon ? after + 1 : after);
        if (!colon)
        {
            var parsed = NextHouseNumber(start) - start < MaxAddressLength ? ParseAddress(start, needUnit: true, needNumber: true) : -1;
            return parsed < 0 ? -1 : Add(PiiType.Address, start, parsed, PiiConfidence.Address) ? parsed : -1;
        }

        var end = ParseAddress(start, needUnit: false, needNumber: false);
        if (end < 0)
        {
            return -1;
        }

        // "北京市海淀区清华园1号": the grammar stops at 清华园 (no street word); the field goes on to the number.
        var spanEnd = AddressSpanEnd(start);
        end = Math.Max(end, LastNumberMarker(end, spanEnd) + 1);
        Add(PiiType.Address, start, end, PiiConfidence.AddressAfterColon);
        return end;
    }

    /// <summary>"北京市海淀区颐和园路5号", "廣東省廣州市天河區天河路385號": a province-level name opens units, street and number.</summary>
    private int TryProvinceAddress(int start, int after)
    {
        // PERF: province names are common words; without a house number close ahead there is no address.
        if (NextHouseNumber(after) - start >= MaxAddressLength)
        {
            return -1;
        }

        var limit = Math.Min(_text.Length, after + ProvinceUnitWindow);
        if (_text[after..limit].IndexOfAny(PiiCues.AdminUnits) < 0)
        {
            return -1;
        }

        var end = ParseAddress(start, needUnit: true, needNumber: true);
        return end >= 0 && Add(PiiType.Address, start, end, PiiConfidence.Address) ? end : -1;
    }

    /// <summary>
    /// "深圳市南山区科技园路1号": an address opened by a city, taken to be the two characters before 市 (a city of
    /// three or four characters, such as 石家庄, loses its first ones).
    /// </summary>
    private int TryCityAddress(int city)
    {
        var start = city - CityNameLength;
        if (start < _consumed || start < 0 || !PiiChars.IsHan(_text[start]) || !PiiChars.IsHan(_text[start + 1])
            || NextHouseNumber(city) - start >= MaxAddressLength)
        {
            return -1;
        }

        var end = ParseAddress(start, needUnit: true, needNumber: true);
        return end >= 0 && Add(PiiType.Address, start, end, PiiConfidence.Address) ? end : -1;
    }

    /// <summary>The end of the address that starts at <paramref name="start"/> by the grammar above, or -1.</summary>
    private readonly int ParseAddress(int start, bool needUnit, bool needNumber)
    {
        var limit = Math.Min(_text.Length, start + MaxAddressLength);
        var p = start;
        var units = 0;
        while (units < MaxUnitSegments && SegmentEnd(p, limit, isUnit: true, MaxUnitSegmentLength) is var unit and >= 0)
        {
            p = unit + 1;
            units++;
        }

        if (needUnit && units == 0)
        {
            return -1;
        }

        var unitsEnd = p;
        var streets = 0;
        while (streets < MaxStreetSegments && SegmentEnd(p, limit, isUnit: false, MaxStreetSegmentLength) is var street and >= 0)
        {
            p = street + 1;
            streets++;
        }

        var number = streets > 0 ? HouseNumberEnd(p, limit) : -1;
        if (number < 0)
        {
            return needNumber || units == 0 ? -1 : unitsEnd;
        }

        p = number;
        for (var i = 0; i < MaxBuildingUnits && BuildingUnitEnd(p, limit) is var building and >= 0; i++)
        {
            p = building;
        }

        return p;
    }

    /// <summary>
    /// The offset of the unit (省市区县…) or street (路街道巷…) character that ends a segment of Han characters
    /// starting at <paramref name="start"/>, or -1. A segment never holds a following field (电话, 家住…) or a
    /// province name after its first character ("黑龙江省合并河南省…": the address is the one from 河南).
    /// </summary>
    private readonly int SegmentEnd(int start, int limit, bool isUnit, int maxLength)
    {
        var end = Math.Min(limit, start + maxLength);
        for (var i = start; i < end; i++)
        {
            var c = _text[i];
            if (!PiiChars.IsHan(c) || PiiCues.StartsWithAddressStop(_text[i..]) || (i > start && PiiCues.StartsWithProvince(_text[i..])))
            {
                return -1;
            }

            // A segment has a name before its unit or street character: 市府路 is a street, not the unit 市.
            if (i > start && (isUnit ? PiiCues.AdminUnits.Contains(c) : PiiCues.Streets.Contains(c)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>"27号", "15-7號", "12之3號", "二十七号": the offset after 号, or -1.</summary>
    private readonly int HouseNumberEnd(int start, int limit)
    {
        var p = NumeralsEnd(start, limit, MaxHouseNumberLength, chineseNumerals: true);
        if (p == start)
        {
            return -1;
        }

        if (p + 1 < limit && _text[p] is '-' or '－' or '之' && PiiChars.IsDigit(_text[p + 1]))
        {
            p = NumeralsEnd(p + 1, limit, MaxHouseNumberLength, chineseNumerals: false);
        }

        return p < limit && PiiCues.HouseNumbers.Contains(_text[p]) ? p + 1 : -1;
    }

    /// <summary>"3栋", "201室", "5樓", "2单元", "A座", or a marker alone ("号楼" after 3号): the offset after it, or -1.</summary>
    private readonly int BuildingUnitEnd(int start, int limit)
    {
        var p = start;
        while (p < limit && p - start < MaxBuildingNumberLength && (PiiChars.IsAlphanumeric(_text[p]) || PiiCues.IsChineseNumeral(_text[p])))
        {
            p++;
        }

        if (p >= limit || !PiiCues.NumberMarkers.Contains(_text[p]))
        {
            return -1;
        }

        // 单元 / 單元 is one marker of two characters.
        return _text[p] is '单' or '單' ? (p + 1 < limit && _text[p + 1] == '元' ? p + 2 : -1) : p + 1;
    }

    private readonly int NumeralsEnd(int start, int limit, int maxLength, bool chineseNumerals)
    {
        var p = start;
        while (p < limit && p - start < maxLength && (PiiChars.IsDigit(_text[p]) || (chineseNumerals && PiiCues.IsChineseNumeral(_text[p]))))
        {
            p++;
        }

        return p;
    }

    /// <summary>Where an address field that starts at <paramref name="start"/> must end: punctuation, a space, a following field (电话, 邮编…) or the length limit.</summary>
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

    /// <summary>The last number marker (号, 室, 楼… after a digit) in <paramref name="start"/>..<paramref name="end"/>, or -1.</summary>
    private readonly int LastNumberMarker(int start, int end)
    {
        for (var i = end - 1; i > start; i--)
        {
            if (PiiCues.NumberMarkers.Contains(_text[i]) && PiiChars.IsDigit(_text[i - 1]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The first house number (号 or 號 after a numeral) at or after <paramref name="position"/>, or the text length.
    /// Positions only grow during a scan, so the answer is cached and every character is searched once.
    /// </summary>
    private int NextHouseNumber(int position)
    {
        if (position >= _markerFrom && position <= _marker)
        {
            return _marker;
        }

        var text = _text;
        var i = Math.Max(position, 1);
        while (true)
        {
            var next = text[i..].IndexOfAny(PiiCues.HouseNumbers);
            if (next < 0)
            {
                i = text.Length;
                break;
            }

            i += next;
            if (PiiChars.IsDigit(text[i - 1]) || PiiCues.IsChineseNumeral(text[i - 1]))
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
