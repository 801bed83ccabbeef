namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/domains</c>.</summary>
/// <param name="Domains">Every domain the caller may see, by name.</param>
public sealed record DomainListResponse(IReadOnlyList<DomainResponse> Domains);
