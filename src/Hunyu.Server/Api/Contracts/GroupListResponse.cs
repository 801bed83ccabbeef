namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/groups</c>.</summary>
/// <param name="Groups">The groups of the caller's tenant, by name.</param>
public sealed record GroupListResponse(IReadOnlyList<GroupResponse> Groups);
