using Hunyu.Core.Security;
using Microsoft.AspNetCore.Builder;

namespace Hunyu.Server.Identity;

/// <summary>Declares the least role an endpoint needs.</summary>
internal static class RequiredRoleExtensions
{
    /// <summary>Lets principals of <paramref name="role"/> and above call the endpoints (e.g. a POST that only reads, such as search).</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, PrincipalRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(role));
}
