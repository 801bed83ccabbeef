namespace Hunyu.Ingestion.Jobs;

/// <summary>A progress report of a running ingest.</summary>
/// <param name="FilesDone">Files finished (ingested, skipped or failed).</param>
/// <param name="FilesTotal">Files found in the source.</param>
/// <param name="BytesDone">Bytes of finished files.</param>
/// <param name="BytesTotal">Bytes of all files found.</param>
/// <param name="Documents">Documents read so far (records count one each).</param>
/// <param name="CurrentFile">The file being read.</param>
public sealed record IngestionProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal, int Documents, string CurrentFile);
