namespace Hunyu.Server.Api.Contracts;

/// <summary>The body of <c>POST /api/keys</c>: a key for a user of the caller's tenant.</summary>
/// <param name="User">The user the key acts as.</param>
/// <param name="Scopes"><c>read</c>, <c>write</c>, <c>admin</c>; absent means <c>read</c>. The key acts with its user's role capped at its highest scope.</param>
/// <param name="ExpiresDays">Days until the key expires; absent means never.</param>
public sealed record KeyBody(string? User, IReadOnlyList<string>? Scopes, int? ExpiresDays);
