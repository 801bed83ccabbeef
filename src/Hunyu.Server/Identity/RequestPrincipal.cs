using Hunyu.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Server.Identity;

/// <summary>Decides who a request runs as; every endpoint asks here and passes the principal on explicitly.</summary>
internal static class RequestPrincipal
{
    /// <summary>Who a request that did not authenticate is recorded as (public paths, refused requests); a reader with no groups.</summary>
    public static Principal Anonymous { get; } = new("anonymous", []);

    /// <summary>The principal of <paramref name="context"/>, as <see cref="IdentityMiddleware"/> authenticated it.</summary>
    /// <remarks>
    /// SECURITY: a request that failed to authenticate never reaches an endpoint (<see cref="AccessMiddleware"/> answers
    /// 401 first); the local administrator is only ever the result of no identity being configured at all.
    /// </remarks>
    public static Principal Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestIdentity>()?.Principal ?? Anonymous;
    }
}
