namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The unified social credit code (GB 32100-2015): authority, type, 6-digit region, 9-character organisation code, check character.</summary>
internal static class CreditCodeCheck
{
    /// <summary>Length of the code.</summary>
    public const int Length = 18;

    // The 31 characters of the code: digits and capitals without I, O, S, V, Z.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Checks 18 folded characters (ASCII digits and capitals).</summary>
    public static CheckOutcome Check(ReadOnlySpan<char> code)
    {
        // Registration authority: 1–9, A (military reform), N (agriculture), Y (other); type: a digit;
        // region: a province code or 10 for the central level.
        if (code.Length != Length || !((char.IsAsciiDigit(code[0]) && code[0] != '0') || code[0] is 'A' or 'N' or 'Y')
            || !char.IsAsciiDigit(code[1]) || code.Slice(2, 6).ContainsAnyExceptInRange('0', '9')
            || !(RegionCodes.IsProvince(code.Slice(2, 2)) || code.Slice(2, 2).SequenceEqual("10")))
        {
            return CheckOutcome.NoShape;
        }

        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return CheckOutcome.NoShape;
            }

            sum += value * Weights[i];
        }

        var check = Alphabet.IndexOf(code[17], StringComparison.Ordinal);
        if (check < 0)
        {
            return CheckOutcome.NoShape;
        }

        return (31 - (sum % 31)) % 31 == check ? CheckOutcome.Passed : CheckOutcome.Failed;
    }

    /// <summary>The check character of the first 17 characters (which must be in the code's alphabet).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
