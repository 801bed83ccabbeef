namespace Hunyu.Server.Api.Contracts;

/// <summary>The body of <c>PUT /api/acl/{kind}/{name}</c>.</summary>
/// <param name="Allow">Who may see it: <c>*</c>, <c>user:NAME</c>, <c>group:NAME</c>; empty or absent means <c>*</c> (inherit the allow list).</param>
/// <param name="Deny">Who may not, whatever is allowed below.</param>
public sealed record AclBody(IReadOnlyList<string>? Allow, IReadOnlyList<string>? Deny);
