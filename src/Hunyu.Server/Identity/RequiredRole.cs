using Hunyu.Core.Security;

namespace Hunyu.Server.Identity;

/// <summary>
/// Endpoint metadata naming the least role that may call it. Without it, GET and HEAD need a reader and every other
/// method an editor; administrators' endpoints check <see cref="AdminAccess"/> themselves.
/// </summary>
/// <param name="Role">The least role.</param>
internal sealed record RequiredRole(PrincipalRole Role)
{
    /// <summary>The role an endpoint without metadata needs for <paramref name="method"/>.</summary>
    public static PrincipalRole ForMethod(string method) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsGet(method) || Microsoft.AspNetCore.Http.HttpMethods.IsHead(method) || Microsoft.AspNetCore.Http.HttpMethods.IsOptions(method)
            ? PrincipalRole.Reader
            : PrincipalRole.Editor;
}
