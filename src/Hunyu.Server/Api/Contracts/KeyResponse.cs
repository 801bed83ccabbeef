using Hunyu.Core.Identity;

namespace Hunyu.Server.Api.Contracts;

/// <summary>What is stored about an API key; never its secret.</summary>
/// <param name="Id">The public id (the part after <c>hy_</c>).</param>
/// <param name="Tenant">The tenant of the key's user.</param>
/// <param name="User">The user the key acts as.</param>
/// <param name="Scopes">What the key may be used for.</param>
/// <param name="Created">When it was issued.</param>
/// <param name="Expires">When it stops working; absent for never.</param>
/// <param name="Revoked">When it was revoked; absent while it is not.</param>
/// <param name="LastUsed">When it last authenticated a request (to the minute).</param>
public sealed record KeyResponse(
    string Id,
    string Tenant,
    string User,
    IReadOnlyList<string> Scopes,
    DateTimeOffset Created,
    DateTimeOffset? Expires,
    DateTimeOffset? Revoked,
    DateTimeOffset? LastUsed)
{
    /// <summary>The response for <paramref name="key"/>.</summary>
    public static KeyResponse From(ApiKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Tenant, key.User, key.Scopes, key.Created, key.Expires, key.Revoked, key.LastUsed);
    }
}
