namespace Hunyu.Server.Api.Contracts;

/// <summary>What happened to one uploaded file.</summary>
/// <param name="FileName">The name the client sent.</param>
/// <param name="SavedAs">The safe name it was stored and indexed under; null when it was refused before saving.</param>
/// <param name="Domain">The domain it went to.</param>
/// <param name="Status">201 when ingested, else the HTTP status of its error.</param>
/// <param name="Code">The stable error code when it failed; null on success.</param>
/// <param name="Detail">What was wrong when it failed; null on success.</param>
/// <param name="RunId">The ingestion run; null when it never reached ingestion.</param>
/// <param name="SourceId">The upload source of the domain; null when it never reached ingestion.</param>
/// <param name="Added">New documents indexed.</param>
/// <param name="Updated">Existing documents re-indexed with new content.</param>
/// <param name="Unchanged">Documents whose content was already indexed.</param>
/// <param name="Chunks">Chunks written.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="DocumentCount">Documents read from the file (records count one each).</param>
/// <param name="Documents">The documents, up to a limit for large record files.</param>
/// <param name="Warnings">Parts of the file that were not ingested (e.g. bad records), while the rest was.</param>
public sealed record UploadedFileResponse(
    string FileName,
    string? SavedAs,
    string Domain,
    int Status,
    string? Code,
    string? Detail,
    long? RunId,
    string? SourceId,
    int Added,
    int Updated,
    int Unchanged,
    int Chunks,
    long Bytes,
    int DocumentCount,
    IReadOnlyList<UploadedDocumentResponse> Documents,
    IReadOnlyList<FailureResponse> Warnings)
{
    /// <summary>True when the file was ingested.</summary>
    public bool Succeeded => Code is null;
}
