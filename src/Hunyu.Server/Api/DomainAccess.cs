using Hunyu.Core.Security;
using Hunyu.Hosting;

namespace Hunyu.Server.Api;

/// <summary>Whether a request may touch a domain it names.</summary>
internal static class DomainAccess
{
    /// <summary>
    /// True when <paramref name="domain"/> exists and <paramref name="principal"/> may not see it. SECURITY: the caller
    /// then answers exactly as for a domain (or source) that does not exist.
    /// </summary>
    public static async Task<bool> IsHiddenAsync(KnowledgeBase knowledge, string domain, Principal principal, CancellationToken cancellationToken) =>
        (await knowledge.ListDomainsAsync(cancellationToken)).FirstOrDefault(d => d.Domain.Name == domain) is { } summary
        && !DomainVisibility.Permits(summary.Domain, principal);
}
