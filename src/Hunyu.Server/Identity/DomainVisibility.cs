using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;

namespace Hunyu.Server.Identity;

/// <summary>Which domains a principal may see listed and searched by name.</summary>
internal static class DomainVisibility
{
    /// <summary>True for shared domains, and for a personal domain only for its owner and admins.</summary>
    public static bool Permits(Domain domain, Principal principal)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(principal);
        return domain.Owner is null || principal.IsAdmin || string.Equals(domain.Owner, principal.UserId, StringComparison.Ordinal);
    }
}
