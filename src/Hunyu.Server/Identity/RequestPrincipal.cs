using Hunyu.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Server.Identity;

/// <summary>Decides who a request runs as; every endpoint asks here and passes the principal on explicitly.</summary>
internal static class RequestPrincipal
{
    /// <summary>The principal of <paramref name="context"/>.</summary>
    // SECURITY: until identity lands every request runs as the local administrator, so the server
    // must only listen where its callers are trusted (the default binds to localhost).
    public static Principal Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Principal.LocalAdmin;
    }
}
