using Hunyu.Core.Security;

namespace Hunyu.Core.Identity;

/// <summary>A user of a tenant.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Name">The user name, unique in the tenant; ACL entries name it as <c>user:NAME</c>.</param>
/// <param name="Role">What the user may do.</param>
/// <param name="Disabled">True when the user may not sign in (their keys are refused).</param>
/// <param name="Groups">The groups the user belongs to, sorted.</param>
/// <param name="Created">When the user was added.</param>
public sealed record IdentityUser(string Tenant, string Name, PrincipalRole Role, bool Disabled, IReadOnlyList<string> Groups, DateTimeOffset Created)
{
    /// <summary>The principal this user acts as, its role capped at <paramref name="cap"/>.</summary>
    public Principal ToPrincipal(PrincipalRole cap = PrincipalRole.Admin) =>
        Principal.Create(Tenant, Name, Groups, Role < cap ? Role : cap);
}
