using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Server.Identity;

/// <summary>The one place that decides whether a request may use an administrator's endpoint; a refusal is audited.</summary>
internal static class AdminAccess
{
    /// <summary>The principal of <paramref name="context"/> when it is an administrator.</summary>
    /// <exception cref="HunyuException"><c>forbidden</c> otherwise, after recording the denial under <paramref name="action"/>.</exception>
    public static async Task<Principal> RequireAsync(HttpContext context, KnowledgeBase knowledge, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(knowledge);
        var principal = RequestPrincipal.Of(context);
        if (principal.IsAdmin)
        {
            return principal;
        }

        await knowledge.RecordAsync(action, principal, context.Request.Path, AuditOutcome.Denied, ErrorCode.Forbidden.Code, cancellationToken: cancellationToken);
        throw new HunyuException(ErrorCode.Forbidden, $"{context.Request.Path}: administrators only");
    }
}
