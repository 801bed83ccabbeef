namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Payment card numbers: an issuer prefix (IIN) that fits the length, and the Luhn check digit.</summary>
internal static class BankCardCheck
{
    /// <summary>Fewest digits of a card number.</summary>
    public const int MinLength = 13;

    /// <summary>Most digits of a card number.</summary>
    public const int MaxLength = 19;

    /// <summary>Checks folded ASCII digits.</summary>
    public static CheckOutcome Check(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < MinLength or > MaxLength || digits.ContainsAnyExceptInRange('0', '9') || !IsPlausibleIssuer(digits))
        {
            return CheckOutcome.NoShape;
        }

        return IsLuhnValid(digits) ? CheckOutcome.Passed : CheckOutcome.Failed;
    }

    /// <summary>Whether the Luhn (mod 10) check of ASCII digits holds.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>Issuer prefixes and the lengths their cards have (ISO/IEC 7812 ranges of the networks seen in China).</summary>
    private static bool IsPlausibleIssuer(ReadOnlySpan<char> d)
    {
        var length = d.Length;
        var two = ((d[0] - '0') * 10) + (d[1] - '0');
        var four = (two * 100) + ((d[2] - '0') * 10) + (d[3] - '0');
        return d[0] switch
        {
            // Visa.
            '4' => length is 13 or 16 or 19,
            // Mastercard (51–55 and the 2221–2720 range).
            '5' => two is >= 51 and <= 55 && length == 16,
            '2' => four is >= 2221 and <= 2720 && length == 16,
            // American Express (34, 37), JCB (3528–3589), Diners Club (36, 38, 39, 300–305).
            '3' => two switch
            {
                34 or 37 => length == 15,
                35 => four is >= 3528 and <= 3589 && length is >= 16 and <= 19,
                36 or 38 or 39 => length is >= 14 and <= 19,
                30 => d[2] is >= '0' and <= '5' && length is >= 14 and <= 19,
                _ => false,
            },
            // UnionPay (62, and the 60 domestic prefixes such as 601382), Discover (6011, 644–649, 65).
            '6' => two is 60 or 62 or 64 or 65 && length is >= 16 and <= 19,
            // Domestic debit cards of the big four banks issued before UnionPay (e.g. 9558).
            '9' => two == 95 && length is 16 or 19,
            _ => false,
        };
    }
}
