using Hunyu.Core.Catalog;

namespace Hunyu.Server.Api.Contracts;

/// <summary>One ingestion run; the counts are absent while it has not finished.</summary>
/// <param name="Id">The run id.</param>
/// <param name="SourceId">The source ingested.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished; null while running or when it was interrupted.</param>
/// <param name="Added">New documents indexed.</param>
/// <param name="Updated">Changed documents re-indexed.</param>
/// <param name="Unchanged">Documents skipped as unchanged.</param>
/// <param name="Deleted">Documents removed because they left the source.</param>
/// <param name="Chunks">Chunks written.</param>
/// <param name="Bytes">Bytes read.</param>
/// <param name="Failed">Inputs that could not be ingested, with reasons.</param>
public sealed record RunResponse(
    long Id,
    string SourceId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int? Added,
    int? Updated,
    int? Unchanged,
    int? Deleted,
    int? Chunks,
    long? Bytes,
    IReadOnlyList<FailureResponse> Failed)
{
    /// <summary>The response form of <paramref name="run"/>.</summary>
    public static RunResponse From(IngestionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var report = run.Report;
        return new(
            run.Id,
            run.SourceId,
            run.StartedAt,
            run.FinishedAt,
            report?.Added,
            report?.Updated,
            report?.Unchanged,
            report?.Deleted,
            report?.Chunks,
            report?.Bytes,
            [.. (report?.Failed ?? []).Select(FailureResponse.From)]);
    }
}
