namespace Hunyu.Ingestion.Jobs;

/// <summary>A progress report of a running ingest.</summary>
/// <param name="FilesDone">Items (files, tables, pages) finished.</param>
/// <param name="FilesTotal">Items the source holds; null when the connector cannot tell up front.</param>
/// <param name="BytesDone">Bytes of finished files.</param>
/// <param name="BytesTotal">Bytes the source holds; null when unknown.</param>
/// <param name="Documents">Documents read so far (records count one each).</param>
/// <param name="CurrentFile">The item being read.</param>
public sealed record IngestionProgress(int FilesDone, int? FilesTotal, long BytesDone, long? BytesTotal, int Documents, string CurrentFile);
