using Hunyu.Core.Catalog;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Jobs;

/// <summary>How an ingest went: counts, failures (each with its reason) and time.</summary>
/// <param name="RunId">The stored run id.</param>
/// <param name="Source">The source ingested.</param>
/// <param name="Report">Counts and failures.</param>
/// <param name="Files">Files found.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record IngestionResult(long RunId, Source Source, IngestionRunReport Report, int Files, TimeSpan Elapsed)
{
    /// <summary>Documents read from the source in this run (added, updated or unchanged).</summary>
    public int Documents => Report.Added + Report.Updated + Report.Unchanged;

    /// <summary>What governance did to the new and changed documents of this run (also kept as a file per run when the job has a report store).</summary>
    public GovernanceReport Governance { get; init; } = new();
}
