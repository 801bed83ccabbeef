namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/users</c>.</summary>
/// <param name="Users">The users of the caller's tenant, by name.</param>
public sealed record UserListResponse(IReadOnlyList<UserResponse> Users);
