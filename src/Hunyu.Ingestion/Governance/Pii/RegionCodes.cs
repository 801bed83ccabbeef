namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The first two digits of GB/T 2260 administrative division codes (provinces), used as a sanity check.</summary>
internal static class RegionCodes
{
    /// <summary>Whether two ASCII digits are a province-level code (11 Beijing … 65 Xinjiang, 71 Taiwan, 81–83 Hong Kong, Macau, Taiwan residents, 91 foreigners).</summary>
    public static bool IsProvince(ReadOnlySpan<char> twoDigits)
    {
        if (twoDigits.Length < 2 || !char.IsAsciiDigit(twoDigits[0]) || !char.IsAsciiDigit(twoDigits[1]))
        {
            return false;
        }

        var tens = twoDigits[0] - '0';
        var units = twoDigits[1] - '0';
        return tens switch
        {
            1 => units is >= 1 and <= 5,
            2 => units is >= 1 and <= 3,
            3 => units is >= 1 and <= 7,
            4 => units is >= 1 and <= 6,
            5 => units is >= 0 and <= 4,
            6 => units is >= 1 and <= 5,
            7 => units == 1,
            8 => units is >= 1 and <= 3,
            9 => units == 1,
            _ => false,
        };
    }
}
