namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>One piece of personal information found in a text.</summary>
/// <param name="Type">What was found.</param>
/// <param name="Start">Offset of the first UTF-16 code unit in the scanned text.</param>
/// <param name="End">Offset just after the last UTF-16 code unit (exclusive).</param>
/// <param name="Confidence">How sure the detector is, from 0 to 1: 0.95 and above for checksummed identifiers, about 0.6–0.7 for names and addresses.</param>
public readonly record struct PiiMatch(PiiType Type, int Start, int End, double Confidence)
{
    /// <summary>Number of UTF-16 code units matched.</summary>
    public int Length => End - Start;
}
