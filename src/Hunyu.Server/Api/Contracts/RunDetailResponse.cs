using Hunyu.Hosting;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/runs/{id}</c>: one ingestion run and its governance report.</summary>
/// <param name="Run">The run with its counts and failures.</param>
/// <param name="Governance">
/// What governance did in the run, in the <c>hunyu clean --json</c> shape (kept, duplicates with <c>duplicate_of</c>,
/// dropped with step and reason, flagged, PII, per-step counts); null for a run without one (unfinished, or from
/// before ingests were governed).
/// </param>
public sealed record RunDetailResponse(RunResponse Run, GovernanceReport? Governance)
{
    /// <summary>The response form of <paramref name="details"/>.</summary>
    public static RunDetailResponse From(RunDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new(RunResponse.From(details.Run), details.Governance);
    }
}
