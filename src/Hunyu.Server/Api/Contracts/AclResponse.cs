using Hunyu.Core.Security;

namespace Hunyu.Server.Api.Contracts;

/// <summary>Who may see a document.</summary>
/// <param name="Allow">Entries granted access (<c>*</c>, <c>user:NAME</c>, <c>group:NAME</c>).</param>
/// <param name="Deny">Entries refused even when allowed.</param>
public sealed record AclResponse(IReadOnlyList<string> Allow, IReadOnlyList<string> Deny)
{
    /// <summary>The response form of <paramref name="acl"/>.</summary>
    public static AclResponse From(Acl acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        return new(acl.Allow, acl.Deny);
    }
}
