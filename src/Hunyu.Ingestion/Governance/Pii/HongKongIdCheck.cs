namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The Hong Kong identity card number: one or two letters, six digits, a check character (0–9 or A) usually in parentheses.</summary>
internal static class HongKongIdCheck
{
    // A missing first letter counts as a space, whose value is 36 (letters are 10–35).
    private const int SpaceValue = 36;

    /// <summary>Checks the folded characters without parentheses: "A1234563" or "AB9876543".</summary>
    public static CheckOutcome Check(ReadOnlySpan<char> id)
    {
        var letters = id.Length - 7;
        if (letters is < 1 or > 2 || !char.IsAsciiLetterUpper(id[0]) || !char.IsAsciiLetterUpper(id[letters - 1])
            || id.Slice(letters, 6).ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(id[^1]) || id[^1] == 'A'))
        {
            return CheckOutcome.NoShape;
        }

        var sum = letters == 1 ? (SpaceValue * 9) + (LetterValue(id[0]) * 8) : (LetterValue(id[0]) * 9) + (LetterValue(id[1]) * 8);
        for (var i = 0; i < 6; i++)
        {
            sum += (id[letters + i] - '0') * (7 - i);
        }

        sum += id[^1] == 'A' ? 10 : id[^1] - '0';
        return sum % 11 == 0 ? CheckOutcome.Passed : CheckOutcome.Failed;
    }

    private static int LetterValue(char letter) => letter - 'A' + 10;
}
