using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Hunyu.Server.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary><c>POST /api/domains</c> and <c>DELETE /api/domains/{name}</c>, as <c>hunyu domains add|remove</c>.</summary>
internal static class DomainEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var domains = api.MapGroup("/domains").WithTags("Domains");
        domains.MapPost("/", SaveAsync)
            .WithName("SaveDomain")
            .WithSummary("Creates a domain in the caller's tenant (201), or changes the kind and weight of an existing one (200)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        domains.MapDelete("/{name}", RemoveAsync)
            .WithName("RemoveDomain")
            .WithSummary("Removes a domain with its sources, documents, index and vectors")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Created<DomainResponse>, Ok<DomainResponse>>> SaveAsync(DomainBody body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Kind is not { } kind)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "a domain needs a name and a kind (personal, enterprise, business, industry or internet)");
        }

        // Another user's personal domain is not found; a name another tenant uses is refused by the knowledge base as in
        // use (names are unique in the installation), without saying whose it is.
        var principal = RequestPrincipal.Of(context);
        var existing = (await knowledge.ListDomainsAsync(cancellationToken)).FirstOrDefault(d => d.Domain.Name == body.Name)?.Domain;
        if (existing is not null && existing.Tenant == principal.Tenant && !DomainVisibility.Permits(existing, principal))
        {
            throw NotFound(body.Name);
        }

        var saved = await knowledge.SaveDomainAsync(body.Name, kind, body.Weight, body.Owner, principal.Tenant, cancellationToken);
        var summary = (await knowledge.ListDomainsAsync(cancellationToken)).First(d => d.Domain.Name == saved.Domain.Name);
        var response = DomainResponse.From(summary);
        return saved.Created ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<NoContent> RemoveAsync(string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (await DomainAccess.IsHiddenAsync(knowledge, name, RequestPrincipal.Of(context), cancellationToken))
        {
            throw NotFound(name);
        }

        return await knowledge.RemoveDomainAsync(name, cancellationToken) is not null ? TypedResults.NoContent() : throw NotFound(name);
    }

    private static HunyuException NotFound(string name) => new(ErrorCode.NotFound, $"domain '{UploadFileName.Printable(name, UploadFileName.MessageNameChars)}': not found");
}
