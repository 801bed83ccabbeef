using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary><c>GET /api/domains</c>, <c>GET /api/runs</c> and <c>GET /api/runs/{id}</c>.</summary>
internal static class CatalogEndpoints
{
    /// <summary>The default number of runs listed.</summary>
    public const int DefaultRunLimit = 20;

    /// <summary>Most runs listed at once.</summary>
    public const int MaxRunLimit = 1_000;

    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/domains", ListDomainsAsync)
            .WithTags("Catalog")
            .WithName("ListDomains")
            .WithSummary("Lists the domains the caller may see (of their tenant) with their sources and document counts");

        api.MapGet("/runs", ListRunsAsync)
            .WithTags("Catalog")
            .WithName("ListRuns")
            .WithSummary("Lists the most recent ingestion runs of the caller's tenant, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/runs/{id:long}", GetRunAsync)
            .WithTags("Catalog")
            .WithName("GetRun")
            .WithSummary("Gets one ingestion run with its governance report (kept, duplicates, dropped, flagged, PII)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<DomainListResponse>> ListDomainsAsync(HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var principal = RequestPrincipal.Of(context);
        var domains = await knowledge.ListDomainsAsync(cancellationToken);
        return TypedResults.Ok(new DomainListResponse([.. domains.Where(d => DomainVisibility.Permits(d.Domain, principal)).Select(DomainResponse.From)]));
    }

    private static async Task<Ok<RunListResponse>> ListRunsAsync(int? limit, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var take = limit ?? DefaultRunLimit;
        if (take is < 1 or > MaxRunLimit)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"limit: {take}; allowed 1-{MaxRunLimit}");
        }

        // SECURITY: runs over another tenant's sources are not listed.
        var runs = await knowledge.ListRunsAsync(take, RequestPrincipal.Of(context).Tenant, cancellationToken);
        return TypedResults.Ok(new RunListResponse([.. runs.Select(RunResponse.From)]));
    }

    private static async Task<Ok<RunDetailResponse>> GetRunAsync(long id, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var details = await knowledge.GetRunAsync(id, RequestPrincipal.Of(context).Tenant, cancellationToken) ?? throw new HunyuException(ErrorCode.NotFound, $"run {id} not found");
        return TypedResults.Ok(RunDetailResponse.From(details));
    }
}
