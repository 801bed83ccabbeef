using System.Collections.Concurrent;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Jobs;

/// <summary>What an <see cref="IngestionJob"/> governs with: the options per domain, each domain's dedup state, and where run reports are kept.</summary>
/// <param name="options">The governance options.</param>
/// <param name="dedupOf">The dedup state of a domain (one per domain, kept by the caller for the domain's lifetime).</param>
/// <param name="reports">Where each run's report is written; null keeps it only in the result.</param>
public sealed class IngestionGovernance(IngestGovernanceOptions options, Func<string, DedupStore> dedupOf, GovernanceReportStore? reports = null)
{
    /// <summary>The governance options.</summary>
    public IngestGovernanceOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Where each run's report is written; null keeps it only in the result.</summary>
    public GovernanceReportStore? Reports { get; } = reports;

    /// <summary>Governance with <paramref name="options"/> (the ingest defaults when null) and dedup state in memory for this object's lifetime; no reports are written.</summary>
    public static IngestionGovernance InMemory(IngestGovernanceOptions? options = null)
    {
        var resolved = options ?? new IngestGovernanceOptions();
        var stores = new ConcurrentDictionary<string, DedupStore>(StringComparer.Ordinal);
        return new IngestionGovernance(resolved, domain => stores.GetOrAdd(domain, name => DedupStore.InMemory(resolved.For(name).Dedup)));
    }

    /// <summary>The dedup state of <paramref name="domain"/>.</summary>
    public DedupStore DedupOf(string domain) => dedupOf(domain);
}
