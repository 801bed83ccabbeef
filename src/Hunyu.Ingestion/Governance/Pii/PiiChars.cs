namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Character classes of the PII scanner; full-width digits and letters (０-９, Ａ-Ｚ) count as their ASCII forms.</summary>
internal static class PiiChars
{
    /// <summary>The value 0–9 of an ASCII or full-width digit; -1 for anything else.</summary>
    public static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '０' and <= '９' => c - '０',
        _ => -1,
    };

    /// <summary>Whether <paramref name="c"/> is an ASCII or full-width digit.</summary>
    public static bool IsDigit(char c) => Digit(c) >= 0;

    /// <summary>The upper-case ASCII form of an ASCII or full-width Latin letter; '\0' for anything else.</summary>
    public static char Letter(char c) => c switch
    {
        >= 'A' and <= 'Z' => c,
        >= 'a' and <= 'z' => (char)(c - 'a' + 'A'),
        >= 'Ａ' and <= 'Ｚ' => (char)(c - 'Ａ' + 'A'),
        >= 'ａ' and <= 'ｚ' => (char)(c - 'ａ' + 'A'),
        _ => '\0',
    };

    /// <summary>Whether <paramref name="c"/> is a digit or a Latin letter, ASCII or full-width.</summary>
    public static bool IsAlphanumeric(char c) => Digit(c) >= 0 || Letter(c) != '\0';

    /// <summary>The ASCII digit or upper-case letter for <paramref name="c"/>, or <paramref name="c"/> itself.</summary>
    public static char Fold(char c) => Digit(c) is var d and >= 0 ? (char)('0' + d) : Letter(c) is var l and not '\0' ? l : c;

    /// <summary>Whether <paramref name="c"/> is an ASCII hexadecimal digit (IPv6 is written in ASCII).</summary>
    public static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    /// <summary>Whether <paramref name="c"/> is a CJK ideograph of the basic block, extension A or the compatibility block.</summary>
    public static bool IsHan(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>A character that may separate the digit groups of one number ("138 1234 5678", "010-12345678").</summary>
    public static bool IsGroupSeparator(char c) => c is ' ' or '-' or '\u00A0' or '\u3000' or '－' or '‐' or '‑';

    /// <summary>Whether <paramref name="c"/> opens a parenthesis, ASCII or full-width.</summary>
    public static bool IsOpenParen(char c) => c is '(' or '（';

    /// <summary>Whether <paramref name="c"/> closes a parenthesis, ASCII or full-width.</summary>
    public static bool IsCloseParen(char c) => c is ')' or '）';

    /// <summary>Whether the digit at <paramref name="index"/> continues a decimal or dotted number before it ("3.14", "1.2.3").</summary>
    public static bool FollowsDottedNumber(ReadOnlySpan<char> text, int index) =>
        index >= 2 && text[index - 1] is '.' or '．' && IsDigit(text[index - 2]);

    /// <summary>Whether a number ending before <paramref name="end"/> continues as a decimal or dotted number ("13.5", "1.2.3").</summary>
    public static bool PrecedesDottedNumber(ReadOnlySpan<char> text, int end) =>
        end + 1 < text.Length && text[end] is '.' or '．' && IsDigit(text[end + 1]);
}
