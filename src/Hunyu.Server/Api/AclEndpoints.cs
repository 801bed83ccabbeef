using Hunyu.Core.Audit;
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

/// <summary><c>GET|PUT|DELETE /api/acl/{kind}/{name}</c>, as <c>hunyu acl show|set|clear</c>; administrators only.</summary>
internal static class AclEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var acl = api.MapGroup("/acl").WithTags("Access control");
        acl.MapGet("/{kind}/{**name}", GetAsync)
            .WithName("GetAcl")
            .WithSummary("The rule on a domain, source or document; for a document also its own and effective ACL")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        acl.MapPut("/{kind}/{**name}", SetAsync)
            .WithName("SetAcl")
            .WithSummary("Sets the rule; every document under the target follows at once, without re-indexing")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        acl.MapDelete("/{kind}/{**name}", ClearAsync)
            .WithName("ClearAcl")
            .WithSummary("Removes the rule, so the target inherits again")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<AclSettingsResponse>> GetAsync(string kind, string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        await AdminAccess.RequireAsync(context, knowledge, AuditActions.PermissionChange, cancellationToken);
        return TypedResults.Ok(AclSettingsResponse.From(await knowledge.GetAclAsync(Target(kind, name), cancellationToken)));
    }

    private static async Task<Ok<AclSettingsResponse>> SetAsync(string kind, string name, AclBody body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        await AdminAccess.RequireAsync(context, knowledge, AuditActions.PermissionChange, cancellationToken);
        var target = Target(kind, name);
        var rule = Acl.From(body.Allow, body.Deny);
        return TypedResults.Ok(AclSettingsResponse.From(await knowledge.SetAclAsync(target, rule, cancellationToken)));
    }

    private static async Task<Ok<AclSettingsResponse>> ClearAsync(string kind, string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        await AdminAccess.RequireAsync(context, knowledge, AuditActions.PermissionChange, cancellationToken);
        return TypedResults.Ok(AclSettingsResponse.From(await knowledge.SetAclAsync(Target(kind, name), null, cancellationToken)));
    }

    private static AclTarget Target(string kind, string name) =>
        AclTarget.TryKind(kind, out var parsed) && !string.IsNullOrEmpty(name)
            ? new AclTarget(parsed, name)
            : throw new HunyuException(ErrorCode.InvalidArgument, $"ACL target '{kind}/{name}': use /api/acl/domain/NAME, /api/acl/source/ID or /api/acl/document/ID");
}
