using Microsoft.AspNetCore.Http;

namespace Hunyu.Server.Http;

/// <summary>Adds defensive headers to every response; the API page under <see cref="ApiPagePath"/> gets a CSP that lets its scripts run.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>Where the interactive API reference lives.</summary>
    public const string ApiPagePath = "/scalar";

    /// <summary>The policy for API responses: nothing may load, nothing may frame them.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The policy for the API page: its own bundled script and inline bootstrap, calls back to this server only.</summary>
    // SECURITY: 'unsafe-inline' is needed by the page's inline configuration script; nothing loads from other origins.
    public const string ApiPagePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Handles one request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Set when the headers go out, so responses rewritten by the error handler (which clears headers) keep them.
        context.Response.OnStarting(
            static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(ApiPagePath, StringComparison.OrdinalIgnoreCase) ? ApiPagePolicy : ApiPolicy;
                return Task.CompletedTask;
            },
            context);
        return next(context);
    }
}
