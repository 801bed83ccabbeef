namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>POST /api/documents</c>: one entry per uploaded file, in the order sent.</summary>
/// <param name="Files">Per-file outcomes.</param>
/// <param name="Succeeded">Files ingested.</param>
/// <param name="Failed">Files refused or not ingested; each entry says why.</param>
public sealed record UploadResponse(IReadOnlyList<UploadedFileResponse> Files, int Succeeded, int Failed);
