using Hunyu.Core.Audit;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;

namespace Hunyu.Hosting;

/// <content>
/// Administrators' ACL rules on domains, sources and documents (see <see cref="AclInheritance"/>). A change updates the
/// ACL of every affected chunk in the index in place — no text is indexed again — and searches see it at once.
/// </content>
/// <remarks>
/// The rule is stored before the index is updated, under the domain's write gate (so an ingest never writes a document
/// with the rules of before): if the process dies in between, setting the rule again finishes the change.
/// </remarks>
public sealed partial class KnowledgeBase
{
    /// <summary>The rule on <paramref name="target"/>, and for a document its own and effective ACL.</summary>
    /// <exception cref="HunyuException"><c>not_found</c> when the target does not exist or is another tenant's.</exception>
    public async Task<AclSettings> GetAclAsync(AclTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var domain = await DomainOfAsync(target, cancellationToken);
        var rule = await _catalog.GetRuleAsync(target, cancellationToken);
        if (target.Kind != AclTargetKind.Document)
        {
            // Counted by the catalog: a large domain's documents are never loaded just to be counted.
            return new AclSettings(target, rule, null, null, await _catalog.CountDocumentsUnderAsync(target, cancellationToken));
        }

        var document = (await _catalog.DocumentsUnderAsync(target, cancellationToken)).Single();
        var inherited = await _catalog.InheritanceAsync(domain.Name, document.SourceId, cancellationToken);
        return new AclSettings(target, rule, document.Own, inherited.Effective(document.DocumentId, document.Own), 1);
    }

    /// <summary>
    /// Sets the rule on <paramref name="target"/> (null removes it, so the target inherits again) as
    /// <see cref="AuditCaller.Current"/>, and updates the access of every document under it; recorded as a
    /// <see cref="AuditActions.PermissionChange"/>.
    /// </summary>
    /// <exception cref="HunyuException"><c>not_found</c> when the target does not exist; <c>invalid_argument</c> for a
    /// personal domain (its owner's alone, whatever a rule says).</exception>
    public Task<AclSettings> SetAclAsync(AclTarget target, Acl? rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var principal = AuditCaller.Current.Principal;
        return AuditedAsync(
            AuditActions.PermissionChange,
            principal,
            "acl:" + target,
            () => SetAclUnauditedAsync(target, rule, principal, cancellationToken),
            settings => Detail(("allow", rule?.Allow), ("deny", rule?.Deny), ("removed", rule is null), ("documents", settings.Documents)),
            Detail(("allow", rule?.Allow), ("deny", rule?.Deny), ("removed", rule is null)));
    }

    private async Task<AclSettings> SetAclUnauditedAsync(AclTarget target, Acl? rule, Principal principal, CancellationToken cancellationToken)
    {
        var domain = await DomainOfAsync(target, cancellationToken);
        if (domain.Kind == DomainKind.Personal)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"ACL target '{target}': domain '{domain.Name}' is personal, its owner's alone; rules do not apply");
        }

        var gate = WriteGate(domain.Name);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await _catalog.SetRuleAsync(target, rule, principal.UserId, cancellationToken);
            var documents = await _catalog.DocumentsUnderAsync(target, cancellationToken);
            var index = WriteIndex(domain.Name);
            foreach (var source in documents.GroupBy(d => d.SourceId, StringComparer.Ordinal))
            {
                var inherited = await _catalog.InheritanceAsync(domain.Name, source.Key, cancellationToken);
                foreach (var document in source)
                {
                    index.SetAccess(document.DocumentId, inherited.Effective(document.DocumentId, document.Own));
                }
            }

            await index.CommitAsync(CancellationToken.None);
            return new AclSettings(target, rule, null, null, documents.Count);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The domain <paramref name="target"/> lives in.</summary>
    /// <exception cref="HunyuException"><c>not_found</c> when the target does not exist or is in another tenant than
    /// <see cref="AuditCaller.Current"/>'s (the two are worded alike).</exception>
    private async Task<Domain> DomainOfAsync(AclTarget target, CancellationToken cancellationToken)
    {
        var domainName = target.Kind switch
        {
            AclTargetKind.Domain => target.Name,
            AclTargetKind.Source => (await _catalog.GetSourceAsync(target.Name, cancellationToken))?.Source.Domain,
            _ => (await _catalog.GetAsync(target.Name, cancellationToken))?.Domain,
        };
        var domain = domainName is null ? null : await _catalog.GetDomainAsync(domainName, cancellationToken);

        // SECURITY: an administrator of one tenant is not one of another; its targets do not exist for them.
        return domain is not null && domain.Tenant == AuditCaller.Current.Principal.Tenant
            ? domain
            : throw new HunyuException(ErrorCode.NotFound, $"ACL target '{target}' does not exist");
    }
}
