using Hunyu.Core.Security;

namespace Hunyu.Core.Identity;

/// <summary>The outcome of checking an API key: the principal it acts as, or why it was refused.</summary>
/// <param name="Principal">Who the key acts as; null when refused.</param>
/// <param name="KeyId">The key's id when the text had one (for the audit entry); null for a malformed key.</param>
/// <param name="Failure">Why it was refused (<c>malformed</c>, <c>unknown</c>, <c>revoked</c>, <c>expired</c>, <c>user_disabled</c>); null when accepted.</param>
public sealed record KeyAuthentication(Principal? Principal, string? KeyId, string? Failure)
{
    /// <summary>A refusal for <paramref name="reason"/>.</summary>
    public static KeyAuthentication Refused(string? keyId, string reason) => new(null, keyId, reason);
}
