namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>One run of digits in a grouped number ("138" in "138 1234 5678"); a resident ID's last run may end with 'X'.</summary>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset after the last character.</param>
/// <param name="EndsWithX">Whether the last character is 'X' or 'x' (ASCII or full-width).</param>
internal readonly record struct DigitGroup(int Start, int End, bool EndsWithX)
{
    /// <summary>Number of characters, the 'X' included.</summary>
    public int Length => End - Start;
}
