namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The mainland resident identity number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, check character.</summary>
internal static class ResidentIdCheck
{
    /// <summary>Length of the number.</summary>
    public const int Length = 18;

    // ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    // Years accepted in the birth date; the range is fixed so detection does not depend on the clock.
    private const int MinYear = 1900;
    private const int MaxYear = 2099;

    /// <summary>Checks 18 folded characters (ASCII digits, the last possibly 'X').</summary>
    public static CheckOutcome Check(ReadOnlySpan<char> id)
    {
        if (id.Length != Length || id[..17].ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
        {
            return CheckOutcome.NoShape;
        }

        // A plausible region, year and month make the number ID-shaped: a wrong day or check digit is then a
        // mistyped ID (a near miss), not some other number such as a UnionPay card.
        var date = id.Slice(6, 8);
        var year = Number(date[..4]);
        var month = Number(date.Slice(4, 2));
        if (!RegionCodes.IsProvince(id[..2]) || year is < MinYear or > MaxYear || month is < 1 or > 12)
        {
            return CheckOutcome.NoShape;
        }

        var day = Number(date.Slice(6, 2));
        return day >= 1 && day <= DateTime.DaysInMonth(year, month) && CheckCharacter(id[..17]) == id[17] ? CheckOutcome.Passed : CheckOutcome.Failed;
    }

    /// <summary>The check character of the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
