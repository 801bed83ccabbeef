using Hunyu.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hunyu.Server.Health;

/// <summary>Ready when the catalog answers a cheap query (the latest ingestion run).</summary>
internal sealed class CatalogHealthCheck(KnowledgeBase knowledge) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await knowledge.ListRunsAsync(1, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("catalog answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Boundary: any failure means not ready; the exception goes to the health-check log, not the response.
            return HealthCheckResult.Unhealthy("catalog does not answer", e);
        }
    }
}
