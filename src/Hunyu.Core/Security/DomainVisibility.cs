using Hunyu.Core.Knowledge;

namespace Hunyu.Core.Security;

/// <summary>
/// Who may see a domain: only principals of its tenant; of those, shared domains everyone (documents carry their own
/// ACLs) and a personal domain its owner alone.
/// </summary>
public static class DomainVisibility
{
    /// <summary>
    /// True when <paramref name="principal"/> may search and list <paramref name="domain"/>. SECURITY: another tenant's
    /// domain is never visible, administrators included (an administrator of one tenant is not one of another); a
    /// personal domain is its owner's alone, administrators included: notes are private, not company records.
    /// </summary>
    public static bool Permits(Domain domain, Principal principal)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(principal);
        return string.Equals(domain.Tenant, principal.Tenant, StringComparison.Ordinal)
            && (domain.Owner is null || string.Equals(domain.Owner, principal.UserId, StringComparison.Ordinal));
    }
}
