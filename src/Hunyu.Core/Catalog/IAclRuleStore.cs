using Hunyu.Core.Security;

namespace Hunyu.Core.Catalog;

/// <summary>Administrators' ACL rules on domains, sources and documents, kept apart from the documents' own ACLs.</summary>
public interface IAclRuleStore
{
    /// <summary>The rule set on <paramref name="target"/>; null when none is.</summary>
    Task<Acl?> GetRuleAsync(AclTarget target, CancellationToken cancellationToken = default);

    /// <summary>Sets the rule on <paramref name="target"/>, or with null removes it (the target inherits again).</summary>
    /// <param name="target">The domain, source or document.</param>
    /// <param name="acl">The rule; null removes it.</param>
    /// <param name="changedBy">Who changed it, kept with the rule.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    Task SetRuleAsync(AclTarget target, Acl? acl, string changedBy, CancellationToken cancellationToken = default);

    /// <summary>The rules that apply to the documents of <paramref name="sourceId"/> in <paramref name="domain"/>.</summary>
    Task<AclInheritance> InheritanceAsync(string domain, string sourceId, CancellationToken cancellationToken = default);

    /// <summary>The live documents a rule on <paramref name="target"/> applies to, with their own ACLs.</summary>
    Task<IReadOnlyList<DocumentAccess>> DocumentsUnderAsync(AclTarget target, CancellationToken cancellationToken = default);

    /// <summary>How many live documents a rule on <paramref name="target"/> applies to, counted without loading them.</summary>
    Task<int> CountDocumentsUnderAsync(AclTarget target, CancellationToken cancellationToken = default);
}
