using Hunyu.Core.Errors;
using Hunyu.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Http;

/// <summary>
/// Refuses state-changing requests sent by a browser from another origin. A web page can post a form (an upload)
/// to a server on localhost without any CORS preflight; the <c>Origin</c> header it must send gives it away.
/// </summary>
/// <remarks>Requests without <c>Origin</c> (curl, scripts, other servers) are not affected.</remarks>
internal sealed class CrossOriginGuardMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    /// <summary>Handles one request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return next(context);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsAllowed(origin, request))
        {
            return next(context);
        }

        // SECURITY: cross-site request forgery guard; see the class remarks.
        throw new HunyuException(
            ErrorCode.CrossOriginForbidden,
            $"origin '{origin}' may not {request.Method} here; only same-origin pages and origins listed in {ServerOptions.Section}:{nameof(ServerOptions.AllowedOrigins)} may");
    }

    private bool IsAllowed(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var sameOrigin = string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        return sameOrigin || options.Value.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
