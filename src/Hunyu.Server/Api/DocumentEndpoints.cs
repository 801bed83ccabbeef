using System.Runtime.ExceptionServices;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Http;
using Hunyu.Server.Identity;
using Hunyu.Server.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Api;

/// <summary><c>/api/documents</c>: upload, list, get and delete.</summary>
internal static partial class DocumentEndpoints
{
    /// <summary>The default page size of the document list.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api, ServerOptions options)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");

        documents.MapPost("/", UploadAsync)
            .WithName("UploadDocuments")
            .WithSummary("Uploads and ingests files")
            .WithDescription("multipart/form-data with one or more files (field 'file') and an optional 'domain' (default 'default'). " +
                "201 when every file was ingested; with several files of which some failed, 207 with one entry per file; " +
                "a single failed file answers with its problem (415 unsupported_format, 422 corrupt_input, ...).")
            .WithMetadata(new BodySizeLimit(options.MaxUploadBytes, $"{ServerOptions.Section}:{nameof(ServerOptions.MaxUploadBytes)}"))
            .Produces<UploadResponse>(StatusCodes.Status207MultiStatus)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            // SECURITY: no cookies or ambient credentials are used; cross-site posts are refused by CrossOriginGuardMiddleware.
            .DisableAntiforgery();

        documents.MapGet("/", ListAsync)
            .WithName("ListDocuments")
            .WithSummary("Lists documents of the caller's tenant, most recently changed first")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        documents.MapGet("/{id}", GetAsync)
            .WithName("GetDocument")
            .WithSummary("Gets one document")
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteDocument")
            .WithSummary("Deletes a document from the index and catalog (and its uploaded file)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<UploadResponse>, JsonHttpResult<UploadResponse>>> UploadAsync(
        IFormFileCollection file,
        [FromForm] string? domain,
        HttpContext context,
        KnowledgeBase knowledge,
        UploadService uploads,
        IOptions<ServerOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var files = file;
        if (files.Count == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "file: no file in the request; send multipart/form-data with one or more files in the 'file' field");
        }

        if (files.Count > options.Value.MaxUploadFiles)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"file: {files.Count} files; limit is {options.Value.MaxUploadFiles} per request ({ServerOptions.Section}:{nameof(ServerOptions.MaxUploadFiles)})");
        }

        var target = string.IsNullOrWhiteSpace(domain) ? Domain.DefaultName : domain.Trim();
        if (!Domain.IsValidName(target))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{UploadFileName.Printable(target.Length <= 80 ? target : target[..80])}': {Domain.NameRule}");
        }

        var principal = RequestPrincipal.Of(context);
        if (await DomainAccess.IsHiddenAsync(knowledge, target, principal, cancellationToken))
        {
            // SECURITY: another tenant's (or user's personal) domain answers like one that does not exist; nothing is saved.
            throw new HunyuException(ErrorCode.NotFound, $"domain '{target}' does not exist");
        }

        var results = new List<UploadedFileResponse>(files.Count);
        ExceptionDispatchInfo? onlyFailure = null;
        foreach (var upload in files)
        {
            try
            {
                results.Add(await uploads.IngestAsync(upload, target, principal, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Boundary: one bad file never stops the others; each failure is reported with its file.
                var (error, detail) = Errors.ProblemExceptionHandler.Classify(e);
                if (error == ErrorCode.Internal)
                {
                    LogUploadFailed(loggers.CreateLogger(typeof(DocumentEndpoints)), e, UploadFileName.Printable(upload.FileName));
                    detail = $"{UploadFileName.Printable(upload.FileName)}: {detail}";
                }

                onlyFailure = ExceptionDispatchInfo.Capture(e);
                results.Add(new UploadedFileResponse(upload.FileName, null, target, error.HttpStatus, error.Code, detail, null, null, 0, 0, 0, 0, upload.Length, 0, [], []));
            }
        }

        if (files.Count == 1)
        {
            // A single file that failed answers with its own problem (415, 422, ...).
            onlyFailure?.Throw();
        }

        var succeeded = results.Count(r => r.Succeeded);
        var body = new UploadResponse(results, succeeded, results.Count - succeeded);
        if (succeeded == results.Count)
        {
            var location = results is [{ Documents: [var only] }] ? $"/api/documents/{Uri.EscapeDataString(only.Id)}" : null;
            return TypedResults.Created(location, body);
        }

        return TypedResults.Json(body, statusCode: StatusCodes.Status207MultiStatus);
    }

    private static async Task<Ok<DocumentListResponse>> ListAsync(string? domain, int? offset, int? limit, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (domain is not null && !Domain.IsValidName(domain))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{UploadFileName.Printable(domain.Length <= 80 ? domain : domain[..80])}': {Domain.NameRule}");
        }

        var skip = offset ?? 0;
        var take = limit ?? DefaultPageSize;
        if (skip < 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"offset: {skip}; must be 0 or more");
        }

        if (take is < 1 or > SearchRequest.MaxLimit)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"limit: {take}; allowed 1-{SearchRequest.MaxLimit}");
        }

        var principal = RequestPrincipal.Of(context);
        var page = await knowledge.ListDocumentsAsync(principal, domain, skip, take, cancellationToken);

        // The knowledge base keeps only what the principal may see; the offset, limit and total count those documents only.
        var visible = page.Documents.Select(DocumentResponse.From).ToList();
        return TypedResults.Ok(new DocumentListResponse(visible.Count, page.Total, skip, take, visible));
    }

    private static async Task<Ok<DocumentResponse>> GetAsync(string id, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var document = await knowledge.GetDocumentAsync(id, RequestPrincipal.Of(context), cancellationToken) ?? throw NotFound(id);
        return TypedResults.Ok(DocumentResponse.From(document));
    }

    private static async Task<NoContent> DeleteAsync(string id, HttpContext context, KnowledgeBase knowledge, UploadService uploads, CancellationToken cancellationToken)
    {
        // SECURITY: a document the principal may not see is "not found", exactly like a missing one.
        var document = await knowledge.GetDocumentAsync(id, RequestPrincipal.Of(context), cancellationToken) ?? throw NotFound(id);
        return await uploads.DeleteAsync(document, cancellationToken) ? TypedResults.NoContent() : throw NotFound(id);
    }

    /// <summary>The error for a document that does not exist or may not be seen (the two are worded alike).</summary>
    internal static HunyuException NotFound(string id) =>
        new(ErrorCode.NotFound, $"document '{UploadFileName.Printable(id.Length <= 80 ? id : id[..80])}' not found");

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload of {FileName} failed unexpectedly")]
    private static partial void LogUploadFailed(ILogger logger, Exception exception, string fileName);
}
