namespace Hunyu.Core.Catalog;

/// <summary>The history of ingestion runs, one row per run with its counts and failures.</summary>
public interface IIngestionRunLog
{
    /// <summary>Records the start of a run over a source and returns its id.</summary>
    Task<long> StartAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Records how a run ended.</summary>
    Task FinishAsync(long runId, IngestionRunReport report, CancellationToken cancellationToken = default);

    /// <summary>The most recent runs, newest first.</summary>
    Task<IReadOnlyList<IngestionRun>> ListAsync(int limit, CancellationToken cancellationToken = default);
}

/// <summary>What one ingestion run did.</summary>
/// <param name="Added">New documents indexed.</param>
/// <param name="Updated">Changed documents re-indexed.</param>
/// <param name="Unchanged">Documents skipped because their content hash was unchanged.</param>
/// <param name="Deleted">Documents removed because they disappeared from the source.</param>
/// <param name="Failed">Inputs that could not be ingested, each with its reason.</param>
/// <param name="Bytes">Bytes read.</param>
/// <param name="Chunks">Chunks written.</param>
public sealed record IngestionRunReport(int Added, int Updated, int Unchanged, int Deleted, IReadOnlyList<IngestionFailure> Failed, long Bytes, int Chunks);

/// <summary>One input that failed, with its stable code and a one-line reason.</summary>
public sealed record IngestionFailure(string Input, string Code, string Reason);

/// <summary>A stored ingestion run.</summary>
public sealed record IngestionRun(long Id, string SourceId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, IngestionRunReport? Report);
