using System.Collections.Concurrent;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;
using Hunyu.Server.Api.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hunyu.Server.Uploads;

/// <summary>
/// Stores uploaded files under <c>&lt;data&gt;/uploads/&lt;domain&gt;/</c> and ingests each into its domain's upload
/// source. A file that cannot be ingested is removed again (and any earlier file of that name restored), so the
/// folder only holds what the catalog holds.
/// </summary>
/// <remarks>Thread-safe; uploads and deletes of one domain run one at a time.</remarks>
internal sealed partial class UploadService(KnowledgeBase knowledge, ILogger<UploadService> logger)
{
    /// <summary>The folder under the data directory holding uploads, one sub-folder per domain.</summary>
    public const string FolderName = "uploads";

    /// <summary>The source kind of uploaded documents.</summary>
    public const string SourceKind = "upload";

    /// <summary>Most documents of one file listed in a response (record files may hold millions).</summary>
    public const int MaxListedDocuments = 100;

    // Not a valid domain name, so it never collides with a domain's folder.
    private const string StagingFolderName = ".staging";
    private const int ScanPageSize = 500;
    private const int MaxScannedDocuments = 20_000;

    private readonly ParserRegistry _formats = ParserRegistry.CreateDefault();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _domainGates = new(StringComparer.Ordinal);

    /// <summary>The uploads folder.</summary>
    public string Root { get; } = Path.Combine(knowledge.DataDirectory, FolderName);

    /// <summary>Saves <paramref name="file"/> into <paramref name="domain"/>'s upload folder and ingests it.</summary>
    /// <exception cref="HunyuException">The name is unusable, the format unsupported, the file empty or unreadable; nothing is kept.</exception>
    public async Task<UploadedFileResponse> IngestAsync(IFormFile file, string domain, Principal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(principal);
        if (UploadFileName.TriesToLeave(file.FileName))
        {
            // A path-traversal attempt is recorded; Sanitize refuses it below.
            var detail = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["file_name"] = UploadFileName.Printable(file.FileName) });
            await knowledge.RecordAsync(AuditActions.RequestRefused, principal, "upload:" + domain, AuditOutcome.Denied, ErrorCode.InvalidArgument.Code, detail, CancellationToken.None);
        }

        var name = UploadFileName.Sanitize(file.FileName);

        // Refuse before saving anything.
        _formats.GetParser(name);
        if (file.Length == 0)
        {
            throw new HunyuException(ErrorCode.EmptyInput, $"{name}: the file is empty (0 bytes)");
        }

        var folder = FolderOf(domain);
        var target = Path.GetFullPath(Path.Combine(folder, name));
        if (!string.Equals(Path.GetDirectoryName(target), folder, StringComparison.Ordinal))
        {
            // SECURITY: defence in depth; the sanitised name can only be a single segment.
            throw new HunyuException(ErrorCode.InvalidArgument, $"file name '{UploadFileName.Printable(file.FileName)}': resolves outside the uploads folder");
        }

        var gate = _domainGates.GetOrAdd(domain, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var previous = await SaveAsync(file, target, cancellationToken);
            IngestionResult result;
            try
            {
                // Once the file is in place the ingest runs to the end even if the client goes away: stopping
                // between the index commit and the catalog write would leave them apart until the next upload.
                result = await knowledge.IngestAsync(
                    new IngestionRequest
                    {
                        Path = target,
                        Domain = domain,
                        SourceLocation = folder,
                        SourceKind = SourceKind,
                        RemoveMissing = false,
                        Governance = GovernanceActionOverrides.HandedOver,
                    },
                    cancellationToken: CancellationToken.None);
            }
            catch
            {
                Restore(target, previous);
                throw;
            }

            if (result.Documents == 0)
            {
                Restore(target, previous);
                var failure = result.Report.Failed.Count > 0 ? result.Report.Failed[0] : null;
                var error = failure is null ? ErrorCode.EmptyInput : ErrorCode.All.FirstOrDefault(c => c.Code == failure.Code) ?? ErrorCode.CorruptInput;
                throw new HunyuException(error, failure?.Reason ?? $"{name}: no document could be read from it");
            }

            Discard(previous);
            var documents = await FindDocumentsAsync(result, domain, name, principal, cancellationToken);
            var report = result.Report;
            return new UploadedFileResponse(
                file.FileName,
                name,
                domain,
                StatusCodes.Status201Created,
                Code: null,
                Detail: null,
                result.RunId,
                result.Source.Id,
                report.Added,
                report.Updated,
                report.Unchanged,
                report.Chunks,
                file.Length,
                result.Documents,
                documents,
                [.. report.Failed.Select(FailureResponse.From)]);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes <paramref name="document"/> from the index and catalog, and its uploaded file when it was a whole-file upload.</summary>
    /// <returns>False when the document no longer exists.</returns>
    public async Task<bool> DeleteAsync(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var gate = _domainGates.GetOrAdd(document.Domain, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!await knowledge.DeleteDocumentAsync(document.Id, cancellationToken))
            {
                return false;
            }

            // A deleted upload must not linger on disk; a record of a record file leaves the file to its siblings.
            if (UploadedFileOf(document) is { } path)
            {
                Discard(path);
            }

            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private string FolderOf(string domain) => Path.GetFullPath(Path.Combine(Root, domain));

    /// <summary>The stored upload behind <paramref name="document"/>, or null when it is not a whole uploaded file.</summary>
    private string? UploadedFileOf(Document document)
    {
        if (document.Key.Contains('#', StringComparison.Ordinal) || !Uri.TryCreate(document.Uri, UriKind.Absolute, out var uri) || !uri.IsFile)
        {
            return null;
        }

        var path = Path.GetFullPath(uri.LocalPath);
        return Domain.IsValidName(document.Domain) && string.Equals(Path.GetDirectoryName(path), FolderOf(document.Domain), StringComparison.Ordinal) ? path : null;
    }

    /// <summary>Writes the upload to a staging file, then moves it into place; returns where an earlier file of that name was put aside.</summary>
    private async Task<string?> SaveAsync(IFormFile file, string target, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Root, StagingFolderName);
        Directory.CreateDirectory(staging);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staged = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var output = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
            {
                await file.CopyToAsync(output, cancellationToken);
            }

            string? previous = null;
            if (File.Exists(target))
            {
                previous = staged + ".previous";
                File.Move(target, previous);
            }

            File.Move(staged, target);
            return previous;
        }
        catch
        {
            Discard(staged);
            throw;
        }
    }

    private void Restore(string target, string? previous)
    {
        Discard(target);
        if (previous is null)
        {
            return;
        }

        try
        {
            File.Move(previous, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogRestoreFailed(logger, e, previous, target);
        }
    }

    private void Discard(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, e, path);
        }
    }

    private async Task<IReadOnlyList<UploadedDocumentResponse>> FindDocumentsAsync(IngestionResult result, string domain, string name, Principal principal, CancellationToken cancellationToken)
    {
        // A whole-file document has the file name as its key; records are "name#record" and are looked up among
        // the domain's most recently changed documents.
        // Only a single-document file is looked up by its id (a miss would be recorded as a refused read).
        var whole = result.Documents == 1 ? await knowledge.GetDocumentAsync(DocumentIds.ForDocument(result.Source.Id, name), principal, cancellationToken) : null;
        if (whole is not null)
        {
            return [new UploadedDocumentResponse(whole.Id, whole.Key, whole.Title)];
        }

        var wanted = Math.Min(result.Documents, MaxListedDocuments);
        var found = new List<UploadedDocumentResponse>();
        for (var offset = 0; offset < MaxScannedDocuments && found.Count < wanted; offset += ScanPageSize)
        {
            // The page holds only what the principal may see (by the effective ACL, not just the document's own).
            var page = await knowledge.ListDocumentsAsync(principal, domain, offset, ScanPageSize, cancellationToken);
            found.AddRange(page.Documents
                .Where(d => d.SourceId == result.Source.Id && (d.Key == name || d.Key.StartsWith(name + "#", StringComparison.Ordinal)))
                .Select(d => new UploadedDocumentResponse(d.Id, d.Key, d.Title)));
            if (page.Documents.Count < ScanPageSize)
            {
                break;
            }
        }

        return [.. found.Take(wanted)];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restore the earlier upload {Previous} to {Target}")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception, string previous, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);
}
