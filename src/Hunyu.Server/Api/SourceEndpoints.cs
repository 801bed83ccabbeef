using Hunyu.Core.Errors;
using Hunyu.Hosting;
using Hunyu.Hosting.Sources;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary><c>/api/sources</c>: stored source definitions (add, list, sync, remove), as <c>hunyu sources</c>.</summary>
/// <remarks>
/// SECURITY: a definition names server-side paths, databases and sites, so it is an operator's tool: until identity
/// lands every caller is the local administrator and the server must listen only where its callers are trusted.
/// </remarks>
internal static class SourceEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var sources = api.MapGroup("/sources").WithTags("Sources");
        sources.MapPost("/", AddAsync)
            .WithName("AddSource")
            .WithSummary("Checks and stores a source definition; with ?sync=true ingests it right away")
            .WithDescription("The body is the definition also shown by GET /api/sources: {\"domain\", \"kind\": \"files|sql|web\", \"allow\", \"deny\", " +
                "\"files\": {\"path\", \"include\", \"exclude\"} | \"sql\": {\"provider\": \"sqlite|postgres\", \"database\" | \"connection_env\", \"table\" | \"query\" + \"name\", " +
                "\"key\", \"title\", \"text\", \"updated\", \"acl_column\"} | \"web\": {\"urls\", \"sitemaps\", \"depth\", \"max_pages\", \"allow_hosts\", \"allow_loopback\", " +
                "\"allow_private_networks\"}}. A PostgreSQL connection string is never sent: connection_env names the server's environment variable holding it.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sources.MapGet("/", ListAsync)
            .WithName("ListSources")
            .WithSummary("Lists the sources with their counts and stored definitions")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        sources.MapPost("/{id}/sync", SyncAsync)
            .WithName("SyncSource")
            .WithSummary("Ingests a stored source again (incremental); 207 when some inputs failed, a problem when nothing could be read")
            .Produces<SyncResponse>(StatusCodes.Status207MultiStatus)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sources.MapDelete("/{id}", RemoveAsync)
            .WithName("RemoveSource")
            .WithSummary("Removes a source: its documents from the index and catalog, its definition and connector state")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Created<AddedSourceResponse>> AddAsync(SourceDefinition body, bool? sync, HttpContext context, KnowledgeBase knowledge, SourceRegistry sources, CancellationToken cancellationToken)
    {
        if (await DomainAccess.IsHiddenAsync(knowledge, body.Domain, RequestPrincipal.Of(context), cancellationToken))
        {
            throw new HunyuException(ErrorCode.NotFound, $"domain '{body.Domain}': not found");
        }

        var (source, stored) = await sources.AddAsync(body, cancellationToken);
        var result = sync == true ? SyncResponse.From(await sources.SyncAsync(source.Id, cancellationToken: cancellationToken)) : null;
        return TypedResults.Created($"/api/sources/{source.Id}", new AddedSourceResponse(source.Id, source.Domain, source.Kind, source.Location, stored, result));
    }

    private static async Task<Ok<SourceListResponse>> ListAsync(string? domain, HttpContext context, SourceRegistry sources, CancellationToken cancellationToken)
    {
        var listed = await sources.ListAsync(domain, RequestPrincipal.Of(context), cancellationToken);
        return TypedResults.Ok(new SourceListResponse([.. listed.Select(SourceEntryResponse.From)]));
    }

    private static async Task<Results<Ok<SyncResponse>, JsonHttpResult<SyncResponse>>> SyncAsync(string id, HttpContext context, KnowledgeBase knowledge, SourceRegistry sources, CancellationToken cancellationToken)
    {
        await EnsureVisibleAsync(id, context, knowledge, cancellationToken);
        var result = await sources.SyncAsync(id, cancellationToken: cancellationToken);
        var failed = result.Report.Failed;
        if (failed.Count == 0)
        {
            return TypedResults.Ok(SyncResponse.From(result));
        }

        // Nothing could be read (an unreachable database, a missing folder): the first failure is the answer.
        if (result.Documents == 0)
        {
            throw new HunyuException(ErrorCode.All.FirstOrDefault(c => c.Code == failed[0].Code) ?? ErrorCode.SourceUnavailable, failed[0].Reason);
        }

        return TypedResults.Json(SyncResponse.From(result), statusCode: StatusCodes.Status207MultiStatus);
    }

    private static async Task<NoContent> RemoveAsync(string id, HttpContext context, KnowledgeBase knowledge, SourceRegistry sources, CancellationToken cancellationToken)
    {
        await EnsureVisibleAsync(id, context, knowledge, cancellationToken);
        return await sources.RemoveAsync(id, cancellationToken) is not null ? TypedResults.NoContent() : throw NotFound(id);
    }

    /// <summary>SECURITY: a source of another user's personal domain answers exactly like one that does not exist.</summary>
    private static async Task EnsureVisibleAsync(string id, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (await knowledge.GetSourceAsync(id, cancellationToken) is { } stored
            && await DomainAccess.IsHiddenAsync(knowledge, stored.Source.Domain, RequestPrincipal.Of(context), cancellationToken))
        {
            throw NotFound(id);
        }
    }

    private static HunyuException NotFound(string id) => new(ErrorCode.NotFound, $"source '{(id.Length <= 40 ? id : id[..40])}': not found");
}
