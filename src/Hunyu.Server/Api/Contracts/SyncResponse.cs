using Hunyu.Ingestion.Jobs;

namespace Hunyu.Server.Api.Contracts;

/// <summary>What one sync of a stored source did.</summary>
/// <param name="RunId">The ingestion run (see <c>GET /api/runs</c>).</param>
/// <param name="SourceId">The source synced.</param>
/// <param name="Domain">The domain it feeds.</param>
/// <param name="Location">The source's location.</param>
/// <param name="Documents">Documents read (added, updated or unchanged).</param>
/// <param name="Added">New documents indexed.</param>
/// <param name="Updated">Changed documents re-indexed.</param>
/// <param name="Unchanged">Documents skipped as unchanged.</param>
/// <param name="Deleted">Documents removed because they left the source.</param>
/// <param name="Chunks">Chunks written.</param>
/// <param name="Failed">Inputs that could not be ingested, with reasons.</param>
/// <param name="ElapsedMs">Wall time in milliseconds.</param>
public sealed record SyncResponse(
    long RunId,
    string SourceId,
    string Domain,
    string Location,
    int Documents,
    int Added,
    int Updated,
    int Unchanged,
    int Deleted,
    int Chunks,
    IReadOnlyList<FailureResponse> Failed,
    long ElapsedMs)
{
    /// <summary>The response form of <paramref name="result"/>.</summary>
    public static SyncResponse From(IngestionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var report = result.Report;
        return new(
            result.RunId,
            result.Source.Id,
            result.Source.Domain,
            result.Source.Location,
            result.Documents,
            report.Added,
            report.Updated,
            report.Unchanged,
            report.Deleted,
            report.Chunks,
            [.. report.Failed.Select(FailureResponse.From)],
            (long)result.Elapsed.TotalMilliseconds);
    }
}
