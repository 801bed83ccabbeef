namespace Hunyu.Core.Identity;

/// <summary>A group of a tenant; ACL entries name it as <c>group:NAME</c>.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Name">The group name, unique in the tenant.</param>
/// <param name="Members">The member user names, sorted.</param>
/// <param name="Created">When the group was added.</param>
public sealed record IdentityGroup(string Tenant, string Name, IReadOnlyList<string> Members, DateTimeOffset Created);
