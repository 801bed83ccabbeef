using Hunyu.Core.Catalog;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Hosting;

/// <summary>One ingestion run with its governance report (<c>hunyu runs show ID</c>, <c>GET /api/runs/{id}</c>).</summary>
/// <param name="Run">The run: source, times, counts and failures.</param>
/// <param name="Governance">What governance kept, dropped and found in the run; null for a run that kept none (it did not finish, or it predates governance).</param>
public sealed record RunDetails(IngestionRun Run, GovernanceReport? Governance);
