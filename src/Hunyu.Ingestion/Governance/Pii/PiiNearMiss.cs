namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>
/// A number shaped like a checksummed identifier whose check character is wrong; it is not PII and is
/// neither masked nor reported as a match, only counted (test data, typos, other numbering schemes).
/// </summary>
/// <param name="Type">The identifier it resembled.</param>
/// <param name="Start">Offset of the first UTF-16 code unit in the scanned text.</param>
/// <param name="End">Offset just after the last UTF-16 code unit (exclusive).</param>
public readonly record struct PiiNearMiss(PiiType Type, int Start, int End);
