using System.Text.Json.Nodes;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hunyu.Server.Identity;

/// <summary>
/// Refuses what the request's identity does not allow: 401 (with <c>WWW-Authenticate</c>) when it did not authenticate,
/// 403 when its role or key scope is below what the endpoint needs (<see cref="RequiredRole"/>). Both are audited.
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next, KnowledgeBase knowledge, IProblemDetailsService problems)
{
    private const string Realm = "Bearer realm=\"hunyu\"";

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = context.Features.Get<RequestIdentity>() ?? RequestIdentity.Public;
        if (identity.IsPublic)
        {
            await next(context);
            return;
        }

        var target = $"{context.Request.Method} {context.Request.Path}";
        if (identity.Principal is not { } principal)
        {
            // SECURITY: the entry says why (expired, revoked, wrong audience...) and the key id; never the credential.
            await knowledge.RecordAsync(
                AuditActions.Login,
                RequestPrincipal.Anonymous,
                target,
                AuditOutcome.Denied,
                ErrorCode.Unauthenticated.Code,
                new JsonObject { ["scheme"] = identity.Scheme, ["reason"] = identity.Failure, ["key_id"] = identity.KeyId }.ToJsonString(),
                CancellationToken.None);
            context.Response.StatusCode = ErrorCode.Unauthenticated.HttpStatus;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = identity.Failure == "missing" ? Realm : $"{Realm}, error=\"invalid_token\"";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = ApiProblems.Create(ErrorCode.Unauthenticated, identity.Detail ?? "authentication failed"),
            });
            return;
        }

        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>()?.Role ?? RequiredRole.ForMethod(context.Request.Method);
        if (!principal.Has(required))
        {
            await knowledge.RecordAsync(
                AuditActions.Access,
                principal,
                target,
                AuditOutcome.Denied,
                ErrorCode.Forbidden.Code,
                new JsonObject { ["role"] = PrincipalRoles.Format(principal.Role), ["required"] = PrincipalRoles.Format(required) }.ToJsonString(),
                CancellationToken.None);
            throw new HunyuException(
                ErrorCode.Forbidden,
                $"{target}: needs the {PrincipalRoles.Format(required)} role; {principal.UserId} acts as {PrincipalRoles.Format(principal.Role)} (the user's role capped by the key's scopes)");
        }

        await next(context);
    }
}
