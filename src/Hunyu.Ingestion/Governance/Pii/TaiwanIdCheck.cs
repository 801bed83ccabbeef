namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The Taiwan national identification number: a region letter, 1 or 2 (sex; 8 or 9 on newer resident certificates), seven digits, a check digit.</summary>
internal static class TaiwanIdCheck
{
    /// <summary>Length of the number.</summary>
    public const int Length = 10;

    // The two-digit value of each region letter A–Z (not alphabetical: I, O, W, X, Y, Z were added later).
    private static readonly int[] LetterValues = [10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33];

    /// <summary>Checks 10 folded characters.</summary>
    public static CheckOutcome Check(ReadOnlySpan<char> id)
    {
        if (id.Length != Length || !char.IsAsciiLetterUpper(id[0]) || id[1] is not ('1' or '2' or '8' or '9') || id[1..].ContainsAnyExceptInRange('0', '9'))
        {
            return CheckOutcome.NoShape;
        }

        var letter = LetterValues[id[0] - 'A'];
        var sum = (letter / 10) + (letter % 10 * 9);
        for (var i = 1; i <= 8; i++)
        {
            sum += (id[i] - '0') * (9 - i);
        }

        sum += id[9] - '0';
        return sum % 10 == 0 ? CheckOutcome.Passed : CheckOutcome.Failed;
    }
}
