namespace Hunyu.Ingestion.Governance;

/// <summary>The counts of a <see cref="GovernanceReport"/>, as an ingest result shows them (<c>hunyu ingest --json</c> → <c>governance</c>).</summary>
/// <param name="Documents">Documents governed (new and changed ones; unchanged documents are skipped before governance).</param>
/// <param name="Kept">Documents kept and indexed.</param>
/// <param name="Duplicates">Documents dropped as duplicates of kept ones.</param>
/// <param name="DuplicatesKept">Documents that duplicate kept ones but were kept (near duplicates by default) and reported.</param>
/// <param name="Dropped">Documents dropped for another reason (binary, mis-decoded, too large, or a finding configured to drop).</param>
/// <param name="Flagged">Findings reported on kept documents (quality, by default).</param>
/// <param name="Pii">Personal information found in kept documents.</param>
/// <param name="ChunkDuplicates">Chunks dropped as duplicates of chunks kept earlier.</param>
/// <param name="Warnings">Problems of the run that are not about one document.</param>
public sealed record GovernanceSummary(int Documents, int Kept, int Duplicates, int DuplicatesKept, int Dropped, int Flagged, int Pii, int ChunkDuplicates, IReadOnlyList<string> Warnings)
{
    /// <summary>The counts of <paramref name="report"/>.</summary>
    public static GovernanceSummary Of(GovernanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var documents = report.Duplicates.Where(d => d.Level == GovernanceLevel.Document).ToList();
        return new GovernanceSummary(
            report.Documents,
            report.Kept,
            documents.Count(d => !d.Kept),
            documents.Count(d => d.Kept),
            report.Dropped.Count(d => d.Level == GovernanceLevel.Document),
            report.Flagged.Count,
            report.Pii.Count,
            report.Duplicates.Count(d => d.Level == GovernanceLevel.Chunk && !d.Kept),
            [.. report.Warnings]);
    }
}
