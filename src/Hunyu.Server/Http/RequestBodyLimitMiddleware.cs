using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hunyu.Server.Http;

/// <summary>
/// Applies the endpoint's <see cref="BodySizeLimit"/>: a declared length over it is refused before reading, and an
/// undeclared (chunked) body fails with <c>too_large</c> as soon as it passes it.
/// </summary>
/// <remarks>Runs after routing, so it knows the endpoint.</remarks>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    /// <summary>Handles one request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>();
        if (limit is null)
        {
            return next(context);
        }

        if (context.Request.ContentLength is { } length && length > limit.Bytes)
        {
            throw LimitedReadStream.TooLarge(limit, length);
        }

        // The wrapper enforces the limit with a problem response; the server's own (coarser, 30 MB by default)
        // limit would otherwise pre-empt larger uploads or answer with a bare 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        return next(context);
    }
}
