using Hunyu.Core.Audit;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Server.Identity;

/// <summary>Makes the request's principal and client address the audit caller for everything the request does.</summary>
internal sealed class AuditCallerMiddleware(RequestDelegate next)
{
    /// <summary>The client recorded when the connection has no remote address (an in-process test host).</summary>
    public const string UnknownClient = "unknown";

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (AuditCaller.Use(CallerOf(context)))
        {
            await next(context);
        }
    }

    /// <summary>The request's principal (as far as it is known yet) and client address.</summary>
    public static AuditCaller CallerOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The connection's address; behind a reverse proxy that is the proxy unless forwarded headers are configured.
        var client = context.Connection.RemoteIpAddress?.ToString() ?? UnknownClient;
        return new AuditCaller(RequestPrincipal.Of(context), client);
    }
}
