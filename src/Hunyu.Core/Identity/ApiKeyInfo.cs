namespace Hunyu.Core.Identity;

/// <summary>What is known about an API key besides its secret (which is never stored).</summary>
/// <param name="Id">The public id, the part after <c>hy_</c>.</param>
/// <param name="Tenant">The tenant of the key's user.</param>
/// <param name="User">The user the key acts as.</param>
/// <param name="Scopes">What the key may be used for (see <see cref="ApiKeyScopes"/>).</param>
/// <param name="Created">When it was issued.</param>
/// <param name="Expires">When it stops working; null for never.</param>
/// <param name="Revoked">When it was revoked; null while it is not.</param>
/// <param name="LastUsed">When it last authenticated a request (to the minute); null if never.</param>
public sealed record ApiKeyInfo(
    string Id,
    string Tenant,
    string User,
    IReadOnlyList<string> Scopes,
    DateTimeOffset Created,
    DateTimeOffset? Expires,
    DateTimeOffset? Revoked,
    DateTimeOffset? LastUsed)
{
    /// <summary>Why the key cannot be used at <paramref name="now"/> (<c>revoked</c>, <c>expired</c>); null when it can.</summary>
    public string? RefusalAt(DateTimeOffset now) =>
        Revoked is not null ? "revoked" : Expires is { } expires && expires <= now ? "expired" : null;
}
