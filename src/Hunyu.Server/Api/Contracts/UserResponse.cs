using Hunyu.Core.Identity;
using Hunyu.Core.Security;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A user of a tenant.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Name">The user name.</param>
/// <param name="Role"><c>reader</c>, <c>editor</c> or <c>admin</c>.</param>
/// <param name="Disabled">True when the user's keys are refused.</param>
/// <param name="Groups">The user's groups, sorted.</param>
/// <param name="Created">When the user was added.</param>
public sealed record UserResponse(string Tenant, string Name, PrincipalRole Role, bool Disabled, IReadOnlyList<string> Groups, DateTimeOffset Created)
{
    /// <summary>The response for <paramref name="user"/>.</summary>
    public static UserResponse From(IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Tenant, user.Name, user.Role, user.Disabled, user.Groups, user.Created);
    }
}
