namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>What <see cref="PiiDetector.Scan"/> found in one text.</summary>
/// <param name="Matches">The matches, ordered by offset and not overlapping.</param>
/// <param name="NearMisses">Identifier-shaped numbers that failed their checksum (not PII), ordered by offset.</param>
public sealed record PiiScanResult(IReadOnlyList<PiiMatch> Matches, IReadOnlyList<PiiNearMiss> NearMisses);
