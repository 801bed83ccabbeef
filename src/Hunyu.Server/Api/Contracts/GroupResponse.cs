using Hunyu.Core.Identity;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A group of a tenant with its members.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Name">The group name.</param>
/// <param name="Members">The member user names, sorted.</param>
/// <param name="Created">When the group was added.</param>
public sealed record GroupResponse(string Tenant, string Name, IReadOnlyList<string> Members, DateTimeOffset Created)
{
    /// <summary>The response for <paramref name="group"/>.</summary>
    public static GroupResponse From(IdentityGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(group.Tenant, group.Name, group.Members, group.Created);
    }
}
