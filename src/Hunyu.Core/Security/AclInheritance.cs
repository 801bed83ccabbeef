namespace Hunyu.Core.Security;

/// <summary>
/// The administrators' ACL rules above and on the documents of one source, and how they combine with a document's own
/// ACL (the one its connector or ingest gave it) into the ACL the index enforces.
/// </summary>
/// <remarks>
/// Rules are inherited downward and overridable: the effective allow list is the nearest one that is not the default
/// (<c>*</c>) — document rule, document's own ACL, source rule, domain rule — so a rule lower down may widen or narrow
/// what it inherits; deny entries of every level add up, and a deny always wins.
/// </remarks>
/// <param name="Domain">The domain's rule; null when none is set.</param>
/// <param name="Source">The source's rule; null when none is set.</param>
/// <param name="Documents">Document rules by document id (of this source's documents).</param>
public sealed record AclInheritance(Acl? Domain, Acl? Source, IReadOnlyDictionary<string, Acl> Documents)
{
    /// <summary>No rules: every document keeps its own ACL.</summary>
    public static AclInheritance None { get; } = new(null, null, new Dictionary<string, Acl>(StringComparer.Ordinal));

    /// <summary>The ACL to enforce for the document <paramref name="documentId"/> whose own ACL is <paramref name="own"/>.</summary>
    public Acl Effective(string documentId, Acl own)
    {
        ArgumentNullException.ThrowIfNull(own);
        Acl?[] chain = [Documents.GetValueOrDefault(documentId), own, Source, Domain];
        var allow = chain.FirstOrDefault(acl => acl is not null && !acl.AllowsEveryone)?.Allow ?? Acl.Public.Allow;
        var deny = chain.Where(acl => acl is not null).SelectMany(acl => acl!.Deny).Distinct(StringComparer.Ordinal).ToList();
        return new Acl(allow, deny);
    }
}
